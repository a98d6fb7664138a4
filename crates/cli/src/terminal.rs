//! Where the command's words go: a [`Terminal`] holds standard output and the user's [`Catalogue`], so
//! every sentence is worded in the user's language (`say`, `warn`) while data (links, codes, JSON) goes
//! out as it is (`print`, through its `Write`). The language is chosen in `main` from the environment
//! and passed down in it.

use std::io::Write;

use keyfob_i18n::Catalogue;
use keyfob_session::Message;

/// Standard output and the catalogue every sentence is worded from.
pub(crate) struct Terminal<'a, W> {
    out: W,
    words: &'a Catalogue,
}

impl<'a, W: Write> Terminal<'a, W> {
    /// Output to `out`, worded from `words`.
    pub(crate) fn new(out: W, words: &'a Catalogue) -> Self {
        Self { out, words }
    }

    /// The catalogue, for a line that holds a worded part.
    pub(crate) fn words(&self) -> &'a Catalogue {
        self.words
    }

    /// `message`, worded, as one line of output.
    pub(crate) fn say(&mut self, message: &Message) -> Result<(), crate::Failure> {
        let line = self.words.format(message);
        crate::print(self, line)
    }

    /// `message`, worded, on stderr (see [`tell`]).
    pub(crate) fn warn(&self, message: &Message) {
        tell(self.words, message, None);
    }

    /// `line` as one line of output, then what it keeps for support (the details of the messages it
    /// was given), a line each (`details: …`), if anything.
    pub(crate) fn say_with_details(&mut self, line: &Message) -> Result<(), crate::Failure> {
        self.say(line)?;
        for details in line.details.iter().flat_map(|d| d.lines()) {
            self.say(&Message::new("cli-details").with("details", details))?;
        }
        Ok(())
    }

    /// `message` with its argument `name` listing each of `messages` worded, on one line, `; ` between
    /// them (for a line that lists problems), and their details, a line each, as its own.
    pub(crate) fn listing(&self, message: Message, name: &'static str, messages: &[Message]) -> Message {
        let words: Vec<String> = messages.iter().map(|m| self.words.format(m)).collect();
        let details: Vec<&str> = messages.iter().filter_map(|m| m.details.as_deref()).collect();
        let message = message.with(name, words.join("; "));
        if details.is_empty() { message } else { message.details(details.join("\n")) }
    }
}

/// `problem` as a warning (`warning: …`), its details kept for [`tell`] to print.
pub(crate) fn warning(problem: &Message) -> Message {
    Message::new("cli-warning").with("reason", problem.clone())
}

/// `message` on stderr (see [`crate::warn`]), worded from `words`: what happened, then the terminal's
/// `hint` where there is one, then the details for support (an operating system's reason, untranslated),
/// each on a line of its own (`details: …`, one for each line of them).
pub(crate) fn tell(words: &Catalogue, message: &Message, hint: Option<&Message>) {
    crate::warn(words.format(message));
    if let Some(hint) = hint {
        crate::warn(words.format(hint));
    }
    for line in message.details.iter().flat_map(|details| details.lines()) {
        crate::warn(words.format(&Message::new("cli-details").with("details", line)));
    }
}

impl<W: Write> Write for Terminal<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
