//! Text outputs written as they are rendered: [`Chunked`] takes `write!` like a `String` and passes its text on to
//! the output in chunks, so that no output is ever held whole.

use std::fmt;
use std::io;

/// How much text is gathered before it is written out.
const CHUNK: usize = 1 << 16;

/// A `fmt::Write` that writes to an `io::Write` in chunks of about `CHUNK` bytes; [`Chunked::finish`] writes the
/// rest and reports the first write error.
pub struct Chunked<'w> {
    out: &'w mut dyn io::Write,
    buffer: String,
    error: Option<io::Error>,
}

impl<'w> Chunked<'w> {
    /// Text for `out`.
    pub fn new(out: &'w mut dyn io::Write) -> Self {
        Chunked { out, buffer: String::with_capacity(CHUNK), error: None }
    }

    /// Appends `text`, as `String::push_str` does.
    pub fn push_str(&mut self, text: &str) {
        self.buffer.push_str(text);
        if self.buffer.len() >= CHUNK {
            self.flush_buffer();
        }
    }

    fn flush_buffer(&mut self) {
        if self.error.is_none()
            && let Err(error) = self.out.write_all(self.buffer.as_bytes())
        {
            self.error = Some(error);
        }
        self.buffer.clear();
    }

    /// Writes what is left.
    ///
    /// # Errors
    ///
    /// The first write error.
    pub fn finish(mut self) -> io::Result<()> {
        self.flush_buffer();
        match self.error.take() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

impl fmt::Write for Chunked<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.push_str(text);
        // A write error stops the output: `finish` reports it.
        if self.error.is_some() { Err(fmt::Error) } else { Ok(()) }
    }
}

/// What a renderer writes into `Chunked`, as a `String` (for tests).
#[cfg(test)]
pub fn to_string(render: impl FnOnce(&mut dyn io::Write) -> io::Result<()>) -> String {
    let mut bytes = Vec::new();
    render(&mut bytes).expect("writing to memory");
    String::from_utf8(bytes).expect("UTF-8 output")
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    #[test]
    fn chunks_reach_the_output_in_order() {
        let text = super::to_string(|out| {
            let mut chunked = super::Chunked::new(out);
            for i in 0..20_000 {
                let _ = writeln!(chunked, "line {i}");
            }
            chunked.finish()
        });
        assert_eq!(text.lines().count(), 20_000);
        assert!(text.starts_with("line 0\nline 1\n") && text.ends_with("line 19999\n"));
    }

    #[test]
    fn a_write_error_is_reported() {
        struct Full;
        impl std::io::Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut full = Full;
        let mut chunked = super::Chunked::new(&mut full);
        chunked.push_str("x");
        assert_eq!(chunked.finish().unwrap_err().to_string(), "disk full");
    }
}
