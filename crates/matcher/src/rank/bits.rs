//! Sets of course ordinals as bits: small enough to stay in cache while a ranking tests
//! thousands of courses against them.

pub(crate) fn has(set: &[u64], n: u32) -> bool {
    set.get(n as usize / 64)
        .is_some_and(|w| w >> (n % 64) & 1 == 1)
}

pub(crate) fn put(set: &mut Vec<u64>, n: u32) {
    let at = n as usize / 64;
    if set.len() <= at {
        set.resize(at + 1, 0);
    }
    set[at] |= 1 << (n % 64);
}
