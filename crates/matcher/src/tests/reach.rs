//! The reach pre-filter (`rank::reach`) may only set aside courses the place filter refuses:
//! checked against `filter::check` for people and sessions scattered over the globe, the
//! antimeridian and the poles included.

use skillpath_domain::course::{Course, Mode, Session};

use crate::fixtures::*;
use crate::policy::Policy;
use crate::rank::Catalogue;
use crate::rank::filter::check;

/// Places for the worlds of this test.
trait Places {
    fn unit(&mut self) -> f64;
    fn point(&mut self) -> (f64, f64);
}

impl Places for Rng {
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A latitude and longitude: anywhere, or near a few hard places.
    fn point(&mut self) -> (f64, f64) {
        let near: [(f64, f64); 4] = [(51.3, 12.4), (0.0, 179.9), (89.9, 0.0), (-60.0, -179.95)];
        if self.unit() < 0.3 {
            (self.unit() * 180.0 - 90.0, self.unit() * 360.0 - 180.0)
        } else {
            let (lat, lon) = near[(self.unit() * 4.0) as usize % 4];
            let lat = (lat + (self.unit() - 0.5) * 3.0).clamp(-90.0, 90.0);
            let mut lon = lon + (self.unit() - 0.5) * 3.0;
            if lon > 180.0 {
                lon -= 360.0;
            } else if lon < -180.0 {
                lon += 360.0;
            }
            (lat, lon)
        }
    }
}

#[test]
fn a_course_set_aside_as_out_of_reach_is_one_the_place_filter_refuses() {
    let t = taxonomy();
    let mut rng = Rng(0x7eac4);
    let courses: Vec<Course> = (0..400)
        .map(|i| {
            let mut c = course(&format!("c{i}"), &["solar"]);
            c.participation.mode = if rng.unit() < 0.1 {
                Mode::Online
            } else {
                Mode::OnSite
            };
            let one = c.sessions[0].clone();
            c.sessions = (0..1 + (rng.unit() * 3.0) as usize)
                .map(|_| {
                    let (lat, lon) = rng.point();
                    let mut at = place(lat, lon, "DED5");
                    if rng.unit() < 0.05 {
                        (at.latitude, at.longitude) = (None, None);
                    }
                    Session {
                        location: (rng.unit() > 0.03).then_some(at),
                        ..one.clone()
                    }
                })
                .collect();
            c
        })
        .collect();
    let catalogue = Catalogue::build(&t, courses, &Default::default()).unwrap();
    let reach = catalogue.gates().reach();
    let policy = Policy::default();
    let (mut set_aside, mut people) = (0, 0);
    let mut set = Vec::new();
    while people < 300 {
        let mut p = profile(&[], &[]);
        let (lat, lon) = rng.point();
        p.location = place(lat, lon, "DED2");
        p.travel_radius_km = [1.0, 25.0, 100.0, 400.0, 3000.0][(rng.unit() * 5.0) as usize % 5];
        assert!(reach.fill(lat, lon, p.travel_radius_km, catalogue.len(), &mut set));
        people += 1;
        let cover = t.coverage(&[]);
        for n in 0..catalogue.len() as u32 {
            let c = catalogue.course(n);
            let passes = check(c, &p, &cover, &t, &policy, day(12, 1)).is_ok();
            let kept = crate::rank::bits::has(&set, n);
            assert!(
                kept || !passes,
                "{} at ({lat}, {lon}) r {}",
                c.id,
                p.travel_radius_km
            );
            set_aside += usize::from(!kept);
        }
    }
    // The pre-filter must narrow something down to be worth a test.
    assert!(set_aside > 300 * 400 / 2, "{set_aside}");
}

#[test]
fn a_radius_wider_than_the_globe_reaches_every_course_and_stays_cheap() {
    let t = taxonomy();
    let mut c = course("far-away", &["solar"]);
    c.participation.mode = Mode::OnSite;
    c.sessions[0].location = Some(place(-45.0, 170.0, "NZ"));
    let catalogue = Catalogue::build(&t, vec![c], &Default::default()).unwrap();
    let mut set = Vec::new();
    let reach = catalogue.gates().reach();
    assert!(reach.fill(51.3, 12.4, 1e9, catalogue.len(), &mut set));
    assert!(crate::rank::bits::has(&set, 0));
    assert!(!reach.fill(51.3, 12.4, f64::NAN, catalogue.len(), &mut set));
}
