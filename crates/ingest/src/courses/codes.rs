//! Code tables the course sources need: ELM names countries and languages by three-letter
//! EU authority codes and edX by the language's own name, while a `Course` holds ISO 3166-1
//! alpha-2 and ISO 639-1 codes. Unknown codes are refused by the callers, never guessed.

/// ISO 3166-1 alpha-3 (as in `http://publications.europa.eu/resource/authority/country/BEL`)
/// to alpha-2: the EU and EEA, Switzerland, the UK, candidate and neighbour countries, and
/// the countries large course providers are based in.
pub fn country_alpha2(alpha3: &str) -> Option<&'static str> {
    Some(match alpha3.to_ascii_uppercase().as_str() {
        "AUT" => "AT",
        "BEL" => "BE",
        "BGR" => "BG",
        "HRV" => "HR",
        "CYP" => "CY",
        "CZE" => "CZ",
        "DNK" => "DK",
        "EST" => "EE",
        "FIN" => "FI",
        "FRA" => "FR",
        "DEU" => "DE",
        "GRC" => "GR",
        "HUN" => "HU",
        "IRL" => "IE",
        "ITA" => "IT",
        "LVA" => "LV",
        "LTU" => "LT",
        "LUX" => "LU",
        "MLT" => "MT",
        "NLD" => "NL",
        "POL" => "PL",
        "PRT" => "PT",
        "ROU" => "RO",
        "SVK" => "SK",
        "SVN" => "SI",
        "ESP" => "ES",
        "SWE" => "SE",
        "ISL" => "IS",
        "LIE" => "LI",
        "NOR" => "NO",
        "CHE" => "CH",
        "GBR" => "GB",
        "ALB" => "AL",
        "BIH" => "BA",
        "MNE" => "ME",
        "MKD" => "MK",
        "SRB" => "RS",
        "TUR" => "TR",
        "UKR" => "UA",
        "MDA" => "MD",
        "GEO" => "GE",
        "USA" => "US",
        "CAN" => "CA",
        "AUS" => "AU",
        "IND" => "IN",
        "CHN" => "CN",
        "JPN" => "JP",
        _ => return None,
    })
}

/// ISO 639-2 (bibliographic or terminological, as the EU language authority uses) to
/// ISO 639-1: the EU's official languages, the EEA's and a few widely taught others.
pub fn language_from_alpha3(code: &str) -> Option<&'static str> {
    Some(match code.to_ascii_uppercase().as_str() {
        "BUL" => "bg",
        "CES" | "CZE" => "cs",
        "DAN" => "da",
        "DEU" | "GER" => "de",
        "ELL" | "GRE" => "el",
        "ENG" => "en",
        "EST" => "et",
        "FIN" => "fi",
        "FRA" | "FRE" => "fr",
        "GLE" => "ga",
        "HRV" => "hr",
        "HUN" => "hu",
        "ITA" => "it",
        "LAV" => "lv",
        "LIT" => "lt",
        "MLT" => "mt",
        "NLD" | "DUT" => "nl",
        "POL" => "pl",
        "POR" => "pt",
        "RON" | "RUM" => "ro",
        "SLK" | "SLO" => "sk",
        "SLV" => "sl",
        "SPA" => "es",
        "SWE" => "sv",
        "ISL" | "ICE" => "is",
        "NOR" => "no",
        "NOB" => "nb",
        "NNO" => "nn",
        "CAT" => "ca",
        "EUS" | "BAQ" => "eu",
        "GLG" => "gl",
        "LTZ" => "lb",
        "SQI" | "ALB" => "sq",
        "MKD" | "MAC" => "mk",
        "SRP" => "sr",
        "BOS" => "bs",
        "TUR" => "tr",
        "UKR" => "uk",
        "RUS" => "ru",
        "ARA" => "ar",
        "ZHO" | "CHI" => "zh",
        "JPN" => "ja",
        "KOR" => "ko",
        "HIN" => "hi",
        "HEB" => "he",
        _ => return None,
    })
}

/// A language as catalogues name it, in English or in itself (edX writes "Español", "中文").
pub fn language_from_name(name: &str) -> Option<&'static str> {
    Some(match name.trim().to_lowercase().as_str() {
        "english" => "en",
        "español" | "espanol" | "spanish" => "es",
        "français" | "francais" | "french" => "fr",
        "italiano" | "italian" => "it",
        "português" | "portugues" | "portuguese" => "pt",
        "deutsch" | "german" => "de",
        "nederlands" | "dutch" => "nl",
        "polski" | "polish" => "pl",
        "svenska" | "swedish" => "sv",
        "dansk" | "danish" => "da",
        "suomi" | "finnish" => "fi",
        "ελληνικά" | "greek" => "el",
        "čeština" | "czech" => "cs",
        "magyar" | "hungarian" => "hu",
        "română" | "romanian" => "ro",
        "български" | "bulgarian" => "bg",
        "hrvatski" | "croatian" => "hr",
        "türkçe" | "turkish" => "tr",
        "русский" | "russian" => "ru",
        "українська" | "ukrainian" => "uk",
        "中文" | "chinese" | "mandarin" => "zh",
        "日本語" | "japanese" => "ja",
        "한국어" | "korean" => "ko",
        "हिन्दी" | "hindi" => "hi",
        "עברית" | "hebrew" => "he",
        "اللغة العربية" | "العربية" | "arabic" => "ar",
        "indonesian" | "bahasa indonesia" => "id",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eu_authority_and_native_names_map_to_two_letter_codes() {
        assert_eq!(country_alpha2("BEL"), Some("BE"));
        assert_eq!(country_alpha2("irl"), Some("IE"));
        assert_eq!(country_alpha2("XXX"), None);
        assert_eq!(language_from_alpha3("ENG"), Some("en"));
        assert_eq!(language_from_alpha3("GER"), Some("de"));
        assert_eq!(language_from_name("中文"), Some("zh"));
        assert_eq!(language_from_name(" Español "), Some("es"));
        assert_eq!(language_from_name("Klingon"), None);
    }
}
