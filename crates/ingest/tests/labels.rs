//! Title matching and skill extraction: behaviour on a small hand-made taxonomy (always runs),
//! sanity on the real ESCO release (when the shared data is present), and an ignored harness
//! that prints the benchmark figures used to tune the ranking:
//!
//! `cargo test -p skillpath-ingest --release --test labels -- --ignored --nocapture`

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use skillpath_domain::esco::{Labels, Occupation, Skill};
use skillpath_ingest::esco::read_esco_dir;
use skillpath_ingest::labels::{Match, OccupationIndex, SkillIndex};

const URI: &str = "http://data.europa.eu/esco/";

fn labels(preferred: &str, alternative: &[&str], hidden: &[&str]) -> Labels {
    Labels {
        preferred: preferred.to_owned(),
        alternative: alternative.iter().map(|s| (*s).to_owned()).collect(),
        hidden: hidden.iter().map(|s| (*s).to_owned()).collect(),
    }
}

fn occupation(id: &str, labels: Labels) -> Occupation {
    Occupation {
        uri: format!("{URI}occupation/{id}"),
        isco_group: "2512".into(),
        code: "2512.4".into(),
        labels,
        description: String::new(),
        definition: String::new(),
        regulated_profession_note: String::new(),
        status: "released".into(),
        modified: None,
    }
}

fn skill(id: &str, labels: Labels) -> Skill {
    Skill {
        uri: format!("{URI}skill/{id}"),
        skill_type: None,
        reuse_level: None,
        labels,
        description: String::new(),
        status: "released".into(),
        modified: None,
    }
}

fn small_occupations() -> OccupationIndex {
    OccupationIndex::build(&[
        occupation(
            "dev",
            labels(
                "software developer",
                &["programmer", "software engineer"],
                &[],
            ),
        ),
        occupation(
            "nurse",
            labels(
                "specialist nurse",
                &["clinical nurse specialist"],
                &["nurce"],
            ),
        ),
        occupation("chef", labels("chef", &["head cook"], &[])),
        occupation("driver", labels("bus driver", &["coach driver"], &[])),
        occupation(
            "manager",
            labels("software manager", &["head of software"], &[]),
        ),
    ])
    .expect("building a small index")
}

fn small_skills() -> SkillIndex {
    SkillIndex::build(&[
        skill(
            "pm",
            labels("project management", &["manage projects"], &[]),
        ),
        skill("risk", labels("risk management", &[], &[])),
        skill("budget", labels("manage budgets", &["budget control"], &[])),
        skill(
            "python",
            labels("Python (computer programming)", &["Python"], &[]),
        ),
        skill("teams", labels("work in teams", &["teamwork"], &[])),
    ])
    .expect("building a small index")
}

fn uris(matches: &[Match]) -> Vec<&str> {
    matches
        .iter()
        .map(|m| m.uri.rsplit('/').next().unwrap())
        .collect()
}

#[test]
fn exact_title_ranks_its_occupation_first() {
    let matches = small_occupations()
        .match_title("Software Developer", 5)
        .unwrap();
    assert_eq!(uris(&matches)[0], "dev");
    assert_eq!(matches[0].label, "software developer");
    assert!(
        matches.windows(2).all(|w| w[0].score >= w[1].score),
        "{matches:?}"
    );
}

#[test]
fn alternative_and_hidden_labels_find_their_concept_under_its_preferred_label() {
    let index = small_occupations();
    let matches = index.match_title("programmer", 3).unwrap();
    assert_eq!(uris(&matches), ["dev"]);
    assert_eq!(matches[0].label, "software developer");
    let matches = index.match_title("nurce", 3).unwrap();
    assert_eq!(uris(&matches), ["nurse"]);
}

#[test]
fn inflected_forms_match_through_stemming() {
    let index = small_occupations();
    assert_eq!(
        uris(&index.match_title("Bus Drivers", 1).unwrap()),
        ["driver"]
    );
    assert_eq!(uris(&index.match_title("chefs", 1).unwrap()), ["chef"]);
    assert_eq!(
        uris(&index.match_title("software engineering", 1).unwrap()),
        ["dev"]
    );
}

#[test]
fn a_title_naming_the_agent_prefers_the_agent_to_the_field() {
    // Snowball stems "developer" and "development" alike; the title means one of them.
    let index = OccupationIndex::build(&[
        occupation("dev", labels("software developer", &[], &[])),
        occupation("pd", labels("product development", &[], &[])),
    ])
    .unwrap();
    assert_eq!(
        uris(&index.match_title("Developer", 2).unwrap()),
        ["dev", "pd"]
    );
    assert_eq!(
        uris(&index.match_title("development", 2).unwrap()),
        ["pd", "dev"]
    );
}

#[test]
fn a_word_of_the_same_stem_but_another_derivation_is_weaker_evidence() {
    // "experiment" is an alternative label of ESCO's "think creatively"; a sentence asking
    // for experience is not asking for it.
    let index = SkillIndex::build(&[
        skill("creative", labels("think creatively", &["experiment"], &[])),
        skill("exp", labels("experience", &[], &[])),
    ])
    .unwrap();
    let matches = index.extract("Two years of experience", 2).unwrap();
    assert_eq!(uris(&matches), ["exp", "creative"]);
    assert!(matches[1].score < matches[0].score, "{matches:?}");
}

#[test]
fn seniority_and_gender_markers_do_not_pull_a_title_away_from_its_job() {
    // "senior analyst" explains two of the three words of the title, and "data" is the
    // commoner word here, so only knowing that "senior" says little keeps the data analyst.
    let index = OccupationIndex::build(&[
        occupation("data", labels("data analyst", &[], &[])),
        occupation(
            "finance",
            labels("financial analyst", &["senior analyst"], &[]),
        ),
        occupation("clerk", labels("data entry clerk", &[], &[])),
        occupation("fm", labels("facility manager", &["m f d"], &[])),
    ])
    .unwrap();
    let bare = uris(&index.match_title("Data Analyst", 3).unwrap())[0].to_owned();
    assert_eq!(bare, "data");
    for title in [
        "Senior Data Analyst",
        "Data Analyst (m/f/d)",
        "Snr. Data Analyst - 0042",
    ] {
        assert_eq!(
            uris(&index.match_title(title, 3).unwrap())[0],
            bare,
            "{title}"
        );
    }
}

#[test]
fn words_in_brackets_or_after_a_separator_qualify_the_job_they_follow() {
    let index = OccupationIndex::build(&[
        occupation("sales", labels("sales assistant", &[], &[])),
        occupation("pharmacy", labels("pharmacy assistant", &[], &[])),
        occupation("manager", labels("sales manager", &[], &[])),
    ])
    .unwrap();
    for title in ["Sales Assistant (Pharmacy)", "Sales Assistant - Pharmacy"] {
        assert_eq!(
            uris(&index.match_title(title, 3).unwrap())[0],
            "sales",
            "{title}"
        );
    }
    assert_eq!(
        uris(&index.match_title("Pharmacy Assistant (Sales)", 3).unwrap())[0],
        "pharmacy"
    );
    // A title that is all qualifier is still read: "Internship (Marketing)".
    assert_eq!(
        uris(&index.match_title("Internship (Pharmacy)", 3).unwrap())[0],
        "pharmacy"
    );
}

#[test]
fn of_skills_the_text_names_alike_the_one_whose_description_it_echoes_ranks_first() {
    let mut buildings = skill("buildings", labels("architecture", &[], &[]));
    buildings.description = "Design buildings and the spaces between them.".into();
    let mut software = skill("software", labels("architecture", &[], &[]));
    software.description =
        "Create the structure of software systems: components, coupling and interfaces.".into();
    let index = SkillIndex::build(&[buildings, software]).unwrap();
    let matches = index
        .extract("Architecture of distributed software systems", 2)
        .unwrap();
    assert_eq!(uris(&matches), ["software", "buildings"]);
    let matches = index
        .extract("Architecture of public buildings", 2)
        .unwrap();
    assert_eq!(uris(&matches), ["buildings", "software"]);
}

#[test]
fn of_occupations_a_title_names_alike_the_one_whose_description_it_echoes_ranks_first() {
    let mut farm = occupation("farm", labels("farm operator", &[], &[]));
    farm.description = "Farm operators run crop and livestock holdings.".into();
    let mut machine = occupation("machine", labels("machine operator", &[], &[]));
    machine.description = "Machine operators set up and run production machinery.".into();
    let index = OccupationIndex::build(&[farm, machine]).unwrap();
    assert_eq!(
        uris(&index.match_title("Production Operator", 2).unwrap()),
        ["machine", "farm"]
    );
}

#[test]
fn between_equal_labels_the_occupation_a_specialisation_refines_ranks_first() {
    // Two occupations the title matches alike; ESCO places one a level below the other.
    let mut narrow = occupation("narrow", labels("welder", &[], &[]));
    narrow.code = "7212.1.3".into();
    let broad = occupation("broad", labels("welder", &[], &[]));
    for order in [[narrow.clone(), broad.clone()], [broad, narrow]] {
        let index = OccupationIndex::build(&order).unwrap();
        assert_eq!(
            uris(&index.match_title("Welder", 2).unwrap()),
            ["broad", "narrow"]
        );
    }
}

#[test]
fn one_entry_per_occupation_and_top_is_respected() {
    let index = small_occupations();
    // "software" is in several labels of two occupations.
    let matches = index.match_title("head of software engineer", 10).unwrap();
    let distinct: HashSet<_> = matches.iter().map(|m| &m.uri).collect();
    assert_eq!(distinct.len(), matches.len());
    assert_eq!(index.match_title("software", 1).unwrap().len(), 1);
    assert!(index.match_title("software", 0).unwrap().is_empty());
}

#[test]
fn query_syntax_characters_are_plain_text() {
    let occupations = small_occupations();
    let skills = small_skills();
    for text in [
        "\"bus driver",
        "title:chef",
        "chef) AND (nurse",
        "[software TO developer]",
        "nurse^2 ~ -chef +cook*",
        "{\"json\": true}",
        "'\\",
    ] {
        occupations
            .match_title(text, 5)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
        skills
            .extract(text, 5)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
    assert_eq!(
        uris(&occupations.match_title("title:chef", 1).unwrap()),
        ["chef"]
    );
}

#[test]
fn empty_punctuation_and_unknown_input_give_no_match() {
    let occupations = small_occupations();
    let skills = small_skills();
    for text in ["", "   ", "?!-- ()", "the of and", "zzyzx qwerty"] {
        assert!(
            occupations.match_title(text, 5).unwrap().is_empty(),
            "{text:?}"
        );
        assert!(skills.extract(text, 5).unwrap().is_empty(), "{text:?}");
    }
}

#[test]
fn extract_ranks_a_whole_multi_word_label_above_a_partial_match() {
    let skills = small_skills();
    let matches = skills
        .extract(
            "You will be responsible for project management across the region.",
            5,
        )
        .unwrap();
    let found = uris(&matches);
    assert_eq!(found[0], "pm", "{matches:?}");
    let risk = found.iter().position(|u| *u == "risk");
    assert!(risk.is_none_or(|r| r > 0), "{matches:?}");
}

#[test]
fn extract_finds_several_skills_in_one_sentence() {
    let matches = small_skills()
        .extract(
            "Strong Python skills; you manage budgets and enjoy teamwork.",
            5,
        )
        .unwrap();
    let found: HashSet<_> = uris(&matches).into_iter().collect();
    for expected in ["python", "budget", "teams"] {
        assert!(
            found.contains(expected),
            "{expected} missing from {matches:?}"
        );
    }
}

#[test]
fn indexes_answer_the_same_from_many_threads_at_once() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<OccupationIndex>();
    assert_send_sync::<SkillIndex>();

    let occupations = small_occupations();
    let skills = small_skills();
    let titles = [
        "software engineer",
        "bus drivers",
        "nurce",
        "head cook",
        "chef",
    ];
    let texts = [
        "project management and Python",
        "manage budgets",
        "teamwork",
    ];
    let expected: Vec<_> = titles
        .iter()
        .map(|t| occupations.match_title(t, 3).unwrap())
        .collect();
    let expected_skills: Vec<_> = texts
        .iter()
        .map(|t| skills.extract(t, 3).unwrap())
        .collect();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..50 {
                    for (title, want) in titles.iter().zip(&expected) {
                        assert_eq!(&occupations.match_title(title, 3).unwrap(), want);
                    }
                    for (text, want) in texts.iter().zip(&expected_skills) {
                        assert_eq!(&skills.extract(text, 3).unwrap(), want);
                    }
                }
            });
        }
    });
}

// ---- the real ESCO release ----

/// `relative` inside the shared data folder, or `None` after saying why the test skips.
fn shared(relative: &str) -> Option<PathBuf> {
    let base = std::env::var_os("SKILLPATH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let path = base.join(relative);
    if path.exists() {
        return Some(path);
    }
    let required = std::env::var_os("CI").is_some()
        || std::env::var("SKILLPATH_REQUIRE_SHARED").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "{} is missing and CI or SKILLPATH_REQUIRE_SHARED=1 is set",
        path.display()
    );
    eprintln!(
        "skipping: {} not found (set SKILLPATH_SHARED)",
        path.display()
    );
    None
}

struct Esco {
    occupations: OccupationIndex,
    skills: SkillIndex,
}

fn esco() -> Option<&'static Esco> {
    static ESCO: OnceLock<Option<Esco>> = OnceLock::new();
    ESCO.get_or_init(|| {
        let dir = shared("data/esco-v1.1.1")?;
        let esco = read_esco_dir(&dir, &mut |_| {}).expect("reading ESCO");
        let (occupations, skills) = (esco.dataset.occupations, esco.dataset.skills);
        let started = Instant::now();
        let occupation_index = OccupationIndex::build(&occupations).expect("indexing occupations");
        let occupations_took = started.elapsed();
        let started = Instant::now();
        let skill_index = SkillIndex::build(&skills).expect("indexing skills");
        eprintln!(
            "built indexes: {} occupations in {:.2?}, {} skills in {:.2?}",
            occupations.len(),
            occupations_took,
            skills.len(),
            started.elapsed()
        );
        Some(Esco {
            occupations: occupation_index,
            skills: skill_index,
        })
    })
    .as_ref()
}

#[test]
fn esco_software_developer_is_found_first() {
    let Some(esco) = esco() else { return };
    let matches = esco
        .occupations
        .match_title("software developer", 5)
        .unwrap();
    assert_eq!(matches[0].label, "software developer", "{matches:?}");
}

#[test]
fn esco_staff_nurse_finds_a_nurse() {
    let Some(esco) = esco() else { return };
    let matches = esco.occupations.match_title("staff nurse", 5).unwrap();
    assert!(
        matches.iter().any(|m| m.label.contains("nurse")),
        "{matches:?}"
    );
}

#[test]
fn esco_sentence_yields_its_skills() {
    let Some(esco) = esco() else { return };
    let matches = esco
        .skills
        .extract("Experience with Java and SQL is required.", 10)
        .unwrap();
    let labels: Vec<&str> = matches.iter().map(|m| m.label.as_str()).collect();
    assert!(labels.contains(&"SQL"), "{labels:?}");
    assert!(labels.iter().any(|l| l.starts_with("Java")), "{labels:?}");
}

// ---- benchmark harness ----

#[test]
#[ignore = "prints benchmark figures; run with --release -- --ignored --nocapture"]
fn quality_on_validation_sets() {
    let Some(esco) = esco() else { return };
    let Some(titles) = shared("data/eval/jobbert-titles-validation.csv") else {
        return;
    };
    let mut reader = csv::Reader::from_path(titles).unwrap();
    let pairs: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_owned(), r[2].to_owned())
        })
        .collect();
    let started = Instant::now();
    let ranked: Vec<Vec<Match>> = pairs
        .iter()
        .map(|(title, _)| esco.occupations.match_title(title, 10).unwrap())
        .collect();
    let took = started.elapsed();
    let ranks: Vec<Option<usize>> = pairs
        .iter()
        .zip(&ranked)
        .map(|((_, gold), matches)| matches.iter().position(|m| &m.uri == gold).map(|r| r + 1))
        .collect();
    let n = ranks.len() as f64;
    let mrr = ranks.iter().flatten().map(|&r| 1.0 / r as f64).sum::<f64>() / n;
    let recall = |k| ranks.iter().flatten().filter(|&&r| r <= k).count() as f64 / n;
    println!(
        "titles: n={} MRR@10={:.4} R@1={:.4} R@5={:.4} R@10={:.4} ({:.0} titles/s single-threaded)",
        pairs.len(),
        mrr,
        recall(1),
        recall(5),
        recall(10),
        n / took.as_secs_f64()
    );

    for split in ["house", "tech"] {
        let path = format!("data/eval/skill-extraction/{split}_validation_annotations.csv");
        let Some(path) = shared(&path) else { return };
        let mut gold: BTreeMap<String, HashSet<String>> = BTreeMap::new();
        let mut reader = csv::Reader::from_path(path).unwrap();
        for record in reader.records() {
            let record = record.unwrap();
            let entry = gold.entry(record[0].to_owned()).or_default();
            let label = record[3].trim();
            if label != "LABEL NOT PRESENT" && label != "UNDERSPECIFIED" {
                entry.insert(label.to_owned());
            }
        }
        gold.retain(|_, labels| !labels.is_empty());
        let started = Instant::now();
        let (mut rp5, mut rp10, mut mrr) = (0.0, 0.0, 0.0);
        for (sentence, labels) in &gold {
            let matches = esco.skills.extract(sentence, 10).unwrap();
            let hits: Vec<bool> = matches.iter().map(|m| labels.contains(&m.label)).collect();
            let rp = |k: usize| {
                hits.iter().take(k).filter(|&&h| h).count() as f64 / k.min(labels.len()) as f64
            };
            rp5 += rp(5);
            rp10 += rp(10);
            mrr += hits
                .iter()
                .position(|&h| h)
                .map_or(0.0, |r| 1.0 / (r + 1) as f64);
        }
        let n = gold.len() as f64;
        println!(
            "skills {split}: n={} RP@5={:.4} RP@10={:.4} MRR@10={:.4} ({:.0} sentences/s)",
            gold.len(),
            rp5 / n,
            rp10 / n,
            mrr / n,
            n / started.elapsed().as_secs_f64()
        );
    }
}
