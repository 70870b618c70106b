//! Counts of open vacancies in one scope (a region, the country, an area, an occupation).

use std::collections::HashMap;

use crate::taxonomy::{OccupationId, SkillId};

#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    pub open: u32,
    pub green: u32,
    pub digital: u32,
    pub skills: HashMap<SkillId, u32>,
    pub occupations: HashMap<OccupationId, u32>,
}

impl Tally {
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
            *self.skills.entry(s).or_insert(0) += 1;
        }
        if let Some(o) = occupation {
            *self.occupations.entry(o).or_insert(0) += 1;
        }
    }
}
