//! Counts of open vacancies in one area, dense over the taxonomy's skills and occupations:
//! a gap or a pathway asks the share of hundreds of skills and thousands of occupations per
//! recommendation, and an array lookup is what keeps that cheap. Zeroing one costs tens of
//! microseconds; the sparse `Tally` stays for the many small per-occupation scopes.

use super::tally::Tally;
use crate::taxonomy::{OccupationId, SkillId};

#[derive(Debug, Clone)]
pub(crate) struct Counts {
    pub open: u32,
    pub green: u32,
    pub digital: u32,
    pub skills: Box<[u32]>,
    pub occupations: Box<[u32]>,
}

impl Counts {
    pub fn zeros(skills: usize, occupations: usize) -> Self {
        Self {
            open: 0,
            green: 0,
            digital: 0,
            skills: vec![0; skills].into(),
            occupations: vec![0; occupations].into(),
        }
    }

    pub fn from_tally(t: &Tally, skills: usize, occupations: usize) -> Self {
        let mut c = Self::zeros(skills, occupations);
        c.open = t.open;
        c.green = t.green;
        c.digital = t.digital;
        for (&s, &k) in &t.skills {
            c.skills[s as usize] = k;
        }
        for (&o, &k) in &t.occupations {
            c.occupations[o as usize] = k;
        }
        c
    }

    pub fn add(
        &mut self,
        skills: &[SkillId],
        occupation: Option<OccupationId>,
        green: bool,
        digital: bool,
    ) {
        self.open += 1;
        self.green += u32::from(green);
        self.digital += u32::from(digital);
        for &s in skills {
            self.skills[s as usize] += 1;
        }
        if let Some(o) = occupation {
            self.occupations[o as usize] += 1;
        }
    }

    pub fn skill(&self, s: SkillId) -> u32 {
        self.skills.get(s as usize).copied().unwrap_or(0)
    }

    pub fn occupation(&self, o: OccupationId) -> u32 {
        self.occupations.get(o as usize).copied().unwrap_or(0)
    }
}
