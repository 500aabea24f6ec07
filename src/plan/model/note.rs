//! A note worded only when it is read.

use std::fmt;
use std::rc::Rc;

/// A note as the plan prints it, worded only when it is read: `today` replays years of
/// log to decide one day, and the reasons of the weeks it does not show are never
/// written. Holds either the words, or the wording function with the facts it needs.
#[derive(Clone)]
pub struct Note(Words);

#[derive(Clone)]
enum Words {
    Text(String),
    Later(Rc<dyn Fn() -> String>),
}

impl Note {
    /// A note worded by `f` when it is read.
    pub fn later(f: impl Fn() -> String + 'static) -> Note {
        Note(Words::Later(Rc::new(f)))
    }

    /// The note's words.
    pub fn text(&self) -> String {
        match &self.0 {
            Words::Text(t) => t.clone(),
            Words::Later(f) => f(),
        }
    }
}

impl From<String> for Note {
    fn from(t: String) -> Note {
        Note(Words::Text(t))
    }
}

impl From<&str> for Note {
    fn from(t: &str) -> Note {
        Note(Words::Text(t.to_string()))
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Words::Text(t) => f.write_str(t),
            Words::Later(w) => f.write_str(&w()),
        }
    }
}

impl fmt::Debug for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text(), f)
    }
}

impl PartialEq for Note {
    fn eq(&self, other: &Note) -> bool {
        self.text() == other.text()
    }
}
