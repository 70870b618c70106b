//! Small English-text helpers for titles and descriptions built from ESCO labels.

/// ESCO labels are lower case; titles start with a capital.
pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "a" or "an" by the first letter: good enough for job titles.
pub fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// Appends the labels, separated by `sep`.
pub fn push_joined<'a>(out: &mut String, labels: impl IntoIterator<Item = &'a str>, sep: &str) {
    for (i, label) in labels.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_and_articles() {
        assert_eq!(capitalise("élagueur"), "Élagueur");
        assert_eq!(capitalise(""), "");
        assert_eq!(article("electrician"), "an");
        assert_eq!(article("nurse"), "a");
        let mut s = String::new();
        push_joined(&mut s, ["a", "b"], "; ");
        assert_eq!(s, "a; b");
    }
}
