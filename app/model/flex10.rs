//! Virtual Connect Flex-10 bandwidth allocation: how VC 2.x shares a 10 Gb port among the FlexNICs a server
//! profile asks for (rules-v2, VC-01). The requests may add up to more than 10 Gb; the allocations never do.

use super::{FlexNic, FlexNicRequest};

/// A Flex-10 port's bandwidth.
pub const FLEX10_PORT_MBPS: u32 = 10_000;
/// Speeds are set and allocated in steps of 100 Mb/s.
pub const FLEXNIC_STEP_MBPS: u32 = 100;

/// What a FlexNIC takes part in the allocation as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Share {
    /// A custom or preferred speed, in 100 Mb units.
    Requested(u32),
    /// Auto: an even share of what the requests leave.
    Auto,
    /// Disabled or linked to no network: nothing.
    None,
}

fn share(flexnic: &FlexNic) -> Share {
    if flexnic.networks.is_empty() && flexnic.traffic.is_empty() {
        return Share::None;
    }
    match flexnic.request {
        FlexNicRequest::Disabled => Share::None,
        FlexNicRequest::Auto => Share::Auto,
        // "Preferred" on a network without a preferred speed counts as Auto.
        FlexNicRequest::Preferred | FlexNicRequest::Custom if flexnic.mbps == 0 => Share::Auto,
        FlexNicRequest::Preferred | FlexNicRequest::Custom => {
            Share::Requested(flexnic.mbps / FLEXNIC_STEP_MBPS)
        }
    }
}

/// The speed Virtual Connect 2.x allocates to each FlexNIC of one port, in Mb/s, in the port's order.
///
/// 1. When the requests R and 100 Mb per Auto fit in 10 Gb, each request is met and the Autos split what is left
///    evenly, rounded down to 100 Mb (the guide does not say where an uneven split's leftover goes: it stays
///    unallocated).
/// 2. Otherwise every linked FlexNIC gets at least 100 Mb: each Auto gets 100 Mb and the pool P = 10 Gb less those
///    is shared in proportion, each request getting `request x P / R` rounded down to 100 Mb; the remainder goes
///    out 100 Mb at a time to the largest shortfall relative to the request, ties to the smaller allocation.
pub fn allocate(flexnics: &[FlexNic]) -> Vec<u32> {
    let port = FLEX10_PORT_MBPS / FLEXNIC_STEP_MBPS;
    let (shares, requested, autos) = demand(flexnics);
    let mut units: Vec<u32> = vec![0; shares.len()];
    if requested + autos <= port {
        let each_auto = (port - requested).checked_div(autos).unwrap_or(0);
        for (unit, share) in units.iter_mut().zip(&shares) {
            *unit = match share {
                Share::Requested(r) => *r,
                Share::Auto => each_auto,
                Share::None => 0,
            };
        }
    } else {
        let pool = port.saturating_sub(autos);
        for (unit, share) in units.iter_mut().zip(&shares) {
            *unit = match share {
                Share::Requested(r) if requested > 0 => {
                    u32::try_from(u64::from(*r) * u64::from(pool) / u64::from(requested))
                        .unwrap_or(0)
                }
                Share::Auto => 1,
                _ => 0,
            };
        }
        let mut left = port.saturating_sub(units.iter().sum());
        while left > 0 {
            // Largest shortfall relative to the request first; ties to the smaller allocation, then the first.
            let next = shares
                .iter()
                .zip(&units)
                .enumerate()
                .filter_map(|(i, (share, unit))| match share {
                    Share::Requested(r) if unit < r => Some((i, *r, *unit)),
                    _ => None,
                })
                .max_by(|a, b| {
                    let shortfall = |(_, r, u): &(usize, u32, u32)| {
                        u64::from(r - u) * 1_000_000 / u64::from(*r)
                    };
                    shortfall(a)
                        .cmp(&shortfall(b))
                        .then(b.2.cmp(&a.2))
                        .then(b.0.cmp(&a.0))
                });
            let Some((i, _, _)) = next else {
                break;
            };
            if let Some(unit) = units.get_mut(i) {
                *unit += 1;
            }
            left -= 1;
        }
    }
    units.iter().map(|u| u * FLEXNIC_STEP_MBPS).collect()
}

/// The requests of a port exceed its bandwidth (Virtual Connect scales the allocations down).
pub fn oversubscribed(flexnics: &[FlexNic]) -> bool {
    let (_, requested, autos) = demand(flexnics);
    requested + autos > FLEX10_PORT_MBPS / FLEXNIC_STEP_MBPS
}

/// Each FlexNIC's share, the requests' sum and the number of Autos, in 100 Mb units.
fn demand(flexnics: &[FlexNic]) -> (Vec<Share>, u32, u32) {
    let shares: Vec<Share> = flexnics.iter().map(share).collect();
    let requested: u32 = shares
        .iter()
        .map(|s| match s {
            Share::Requested(units) => *units,
            _ => 0,
        })
        .sum();
    let autos = shares.iter().filter(|s| **s == Share::Auto).count() as u32;
    (shares, requested, autos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NetworkId, Traffic};

    fn flexnic(letter: &str, request: FlexNicRequest, mbps: u32) -> FlexNic {
        FlexNic {
            letter: letter.to_owned(),
            mbps,
            request,
            traffic: vec![Traffic::VmTraffic],
            networks: vec![NetworkId(1)],
        }
    }

    #[test]
    fn requests_that_fit_are_met_and_autos_share_the_rest() {
        let port = [
            flexnic("a", FlexNicRequest::Custom, 500),
            flexnic("b", FlexNicRequest::Custom, 2500),
            flexnic("c", FlexNicRequest::Auto, 0),
            flexnic("d", FlexNicRequest::Auto, 0),
        ];
        // 7,000 left for two Autos: 3,500 each.
        assert_eq!(allocate(&port), [500, 2500, 3500, 3500]);
        assert!(!oversubscribed(&port));
    }

    /// rules-v2 VC-01 example 1 (VC user guide V2, verified): 1/2/4/5 Gb give 0.9/1.7/3.3/4.1 Gb.
    #[test]
    fn the_guides_first_example_is_met_exactly() {
        let port = [
            flexnic("a", FlexNicRequest::Custom, 1000),
            flexnic("b", FlexNicRequest::Custom, 2000),
            flexnic("c", FlexNicRequest::Custom, 4000),
            flexnic("d", FlexNicRequest::Custom, 5000),
        ];
        assert!(oversubscribed(&port));
        assert_eq!(allocate(&port), [900, 1700, 3300, 4100]);
    }

    /// rules-v2 VC-01 example 2: 2/8/Auto/Auto. The guide's result table was not readable; the rule implemented
    /// ("largest shortfall relative to the request first") gives 2.0/7.8/0.1/0.1, an absolute-difference reading
    /// 1.9/7.9/0.1/0.1. The known ambiguity is kept here: both readings share every step but the last 100 Mb.
    #[test]
    fn the_guides_second_example_follows_the_relative_shortfall_reading() {
        let port = [
            flexnic("a", FlexNicRequest::Custom, 2000),
            flexnic("b", FlexNicRequest::Custom, 8000),
            flexnic("c", FlexNicRequest::Auto, 0),
            flexnic("d", FlexNicRequest::Auto, 0),
        ];
        let allocated = allocate(&port);
        assert_eq!(allocated, [2000, 7800, 100, 100]);
        let absolute_reading = [1900, 7900, 100, 100];
        assert_eq!(
            allocated.iter().sum::<u32>(),
            absolute_reading.iter().sum::<u32>()
        );
        assert_eq!(allocated[2..], absolute_reading[2..]);
    }

    #[test]
    fn the_allocations_never_exceed_the_port_and_disabled_ones_get_nothing() {
        let port = [
            flexnic("a", FlexNicRequest::Custom, 500),
            flexnic("b", FlexNicRequest::Custom, 2500),
            flexnic("c", FlexNicRequest::Disabled, 4000),
            flexnic("d", FlexNicRequest::Custom, 9000),
        ];
        let allocated = allocate(&port);
        assert_eq!(allocated[2], 0);
        assert!(allocated.iter().sum::<u32>() <= FLEX10_PORT_MBPS);
        // The sample's esx03 LOM1: 0.5/4/2.5/4 Gb requested (11 Gb).
        let esx03 = [
            flexnic("a", FlexNicRequest::Custom, 500),
            flexnic("b", FlexNicRequest::Custom, 4000),
            flexnic("c", FlexNicRequest::Custom, 2500),
            flexnic("d", FlexNicRequest::Custom, 4000),
        ];
        let allocated = allocate(&esx03);
        assert_eq!(allocated.iter().sum::<u32>(), FLEX10_PORT_MBPS);
        assert_eq!(allocated, [500, 3600, 2300, 3600]);
    }
}
