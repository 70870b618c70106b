//! Error policy: validation never stops at the first problem. A `ValidationError` carries
//! every violated rule with the field it concerns, so an ingester can report a rejected row
//! once, completely, and an HTTP handler can name each bad field in its problem body.

use std::fmt;

/// One broken rule on one field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    pub field: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
pub struct ValidationError {
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", v.field, v.reason)?;
        }
        Ok(())
    }
}

/// Collects violations while a value is checked; `finish` turns them into a result.
#[derive(Debug, Default)]
pub struct Checker {
    violations: Vec<Violation>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail(&mut self, field: impl Into<String>, reason: impl Into<String>) {
        self.violations.push(Violation {
            field: field.into(),
            reason: reason.into(),
        });
    }

    pub fn require(&mut self, ok: bool, field: &str, reason: &str) {
        if !ok {
            self.fail(field, reason);
        }
    }

    pub fn non_empty(&mut self, value: &str, field: &str) {
        self.require(!value.trim().is_empty(), field, "must not be empty");
    }

    pub fn finish(self) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                violations: self.violations,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_violation_not_only_the_first() {
        let mut c = Checker::new();
        c.non_empty("", "title");
        c.require(false, "ects", "must be positive");
        let err = c.finish().unwrap_err();
        assert_eq!(err.violations.len(), 2);
        assert_eq!(
            err.to_string(),
            "title: must not be empty; ects: must be positive"
        );
    }
}
