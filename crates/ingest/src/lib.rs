//! Reading what users load into skillpath: the official ESCO download, vacancy files and
//! course catalogues, with every rejected row reported; and turning free text into ESCO
//! concepts (job titles to occupations, sentences to skills).
pub mod courses;
pub mod esco;
pub mod extract;
pub mod jobseekers;
pub mod labels;
pub mod named_csv;
pub mod outcomes;
pub mod rejects;
pub mod textfile;
pub mod textstream;
pub mod vacancies;
