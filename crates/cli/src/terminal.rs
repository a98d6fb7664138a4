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

    /// `line` as one line of output, then what `reason` (a part of it) keeps for support, on a line of its
    /// own (`details: …`), if anything.
    pub(crate) fn say_with_details(&mut self, line: &Message, reason: &Message) -> Result<(), crate::Failure> {
        self.say(line)?;
        match &reason.details {
            Some(details) => self.say(&Message::new("cli-details").with("details", details)),
            None => Ok(()),
        }
    }

    /// Each of `messages` worded, on one line, `; ` between them (for a line that lists problems).
    pub(crate) fn joined<'m>(&self, messages: impl IntoIterator<Item = &'m Message>) -> String {
        messages.into_iter().map(|m| self.words.format(m)).collect::<Vec<_>>().join("; ")
    }
}

/// `problem` as a warning (`warning: …`), its details kept for [`tell`] to print.
pub(crate) fn warning(problem: &Message) -> Message {
    let warning = Message::new("cli-warning").with("reason", problem.clone());
    match &problem.details {
        Some(details) => warning.details(details.clone()),
        None => warning,
    }
}

/// `message` on stderr (see [`crate::warn`]), worded from `words`: what happened, then the terminal's
/// `hint` where there is one, then the details for support (an operating system's reason, untranslated),
/// each on a line of its own.
pub(crate) fn tell(words: &Catalogue, message: &Message, hint: Option<&Message>) {
    crate::warn(words.format(message));
    if let Some(hint) = hint {
        crate::warn(words.format(hint));
    }
    if let Some(details) = &message.details {
        crate::warn(words.format(&Message::new("cli-details").with("details", details)));
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
