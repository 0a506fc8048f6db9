//! Rack units: what each 42U rack holds at which units, as the plan records them, and in order for what it does
//! not (plans from before rack units, rack servers added without a unit).

use std::collections::BTreeMap;

use super::{ObjectRef, Placement, Project, RackId};

/// Units of a standard rack (HP 10642 G2), numbered from 1 at the bottom.
pub const RACK_UNITS: u8 = 42;
/// Units a c7000 enclosure takes (HP c7000 QuickSpecs: 10U).
pub const C7000_UNITS: u8 = 10;

/// Rack-mount ProLiant models and the units they take, from HP's QuickSpecs of the G5/G6 generation.
const SERVER_HEIGHTS: [(&str, u8); 13] = [
    ("DL120", 1),
    ("DL160", 1),
    ("DL165", 1),
    ("DL320", 1),
    ("DL360", 1),
    ("DL365", 1),
    ("DL180", 2),
    ("DL185", 2),
    ("DL380", 2),
    ("DL385", 2),
    ("DL580", 4),
    ("DL585", 4),
    ("DL785", 7),
];

/// Units a rack-mount server model takes ("ProLiant DL380 G6": 2); `None` for a model whose height is not known.
pub fn server_units(model: &str) -> Option<u8> {
    let upper = model.to_ascii_uppercase();
    let mut words = upper.split(|c: char| !c.is_ascii_alphanumeric());
    words.find_map(|word| {
        SERVER_HEIGHTS
            .iter()
            .find(|(name, _)| *name == word)
            .map(|(_, units)| *units)
    })
}

/// "U1-U10", or "U5" for one unit.
pub fn unit_range(bottom: u8, height: u8) -> String {
    let top = u16::from(bottom) + u16::from(height.max(1)) - 1;
    if top == u16::from(bottom) {
        format!("U{bottom}")
    } else {
        format!("U{bottom}-U{top}")
    }
}

/// An enclosure or rack server at its units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mount {
    /// An enclosure or a host.
    pub object: ObjectRef,
    /// The lowest unit it takes.
    pub bottom: u8,
    /// Units it takes.
    pub height: u8,
    /// The plan records its unit; otherwise it was placed in order.
    pub recorded: bool,
}

impl Mount {
    /// The highest unit it takes.
    pub fn top(self) -> u8 {
        self.bottom.saturating_add(self.height.max(1) - 1)
    }

    /// It shares a unit with the range `bottom` .. `bottom + height - 1`.
    pub fn overlaps(self, bottom: u8, height: u8) -> bool {
        let top = u16::from(bottom) + u16::from(height.max(1)) - 1;
        u16::from(self.bottom) <= top && u16::from(bottom) <= u16::from(self.top())
    }
}

/// What one rack holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RackContents {
    /// Mounted enclosures and servers, lowest first.
    pub mounts: Vec<Mount>,
    /// Enclosures and servers of the rack without units: no room left for them in order, or a server whose
    /// model's height is not known.
    pub unplaced: Vec<ObjectRef>,
}

impl RackContents {
    /// Units taken.
    pub fn used(&self) -> u8 {
        let used: u32 = self.mounts.iter().map(|m| u32::from(m.height)).sum();
        u8::try_from(used.min(u32::from(RACK_UNITS))).unwrap_or(RACK_UNITS)
    }

    /// Units free.
    pub fn free(&self) -> u8 {
        RACK_UNITS - self.used()
    }

    /// The mount of an object.
    pub fn mount_of(&self, object: ObjectRef) -> Option<Mount> {
        self.mounts.iter().copied().find(|m| m.object == object)
    }

    /// The first mount, other than `except`'s, sharing a unit with the range.
    pub fn clash(&self, bottom: u8, height: u8, except: Option<ObjectRef>) -> Option<Mount> {
        self.mounts
            .iter()
            .copied()
            .find(|m| Some(m.object) != except && m.overlaps(bottom, height))
    }

    /// The lowest unit where `height` free units start, leaving out `except`'s own units.
    pub fn first_fit(&self, height: u8, except: Option<ObjectRef>) -> Option<u8> {
        let last = RACK_UNITS.checked_sub(height.max(1))? + 1;
        (1..=last).find(|&bottom| self.clash(bottom, height, except).is_none())
    }

    /// Free ranges as (lowest, highest) unit, lowest first.
    pub fn free_ranges(&self) -> Vec<(u8, u8)> {
        let mut ranges = Vec::new();
        let mut start = None;
        for unit in 1..=RACK_UNITS {
            let taken = self.clash(unit, 1, None).is_some();
            match (taken, start) {
                (false, None) => start = Some(unit),
                (true, Some(from)) => {
                    ranges.push((from, unit - 1));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(from) = start {
            ranges.push((from, RACK_UNITS));
        }
        ranges
    }

    fn place(&mut self, object: ObjectRef, height: Option<u8>) {
        match height.and_then(|h| self.first_fit(h, None).map(|bottom| (bottom, h))) {
            Some((bottom, height)) => self.mounts.push(Mount {
                object,
                bottom,
                height,
                recorded: false,
            }),
            None => self.unplaced.push(object),
        }
    }
}

/// Every rack's contents (racks holding nothing included). Recorded units first; then, in ID order, enclosures
/// without a unit at the lowest free units that fit (U1, U11, U21, U31 in an empty rack), then rack servers.
pub fn rack_contents(project: &Project) -> BTreeMap<RackId, RackContents> {
    let mut racks: BTreeMap<RackId, RackContents> = project
        .racks
        .keys()
        .map(|&id| (id, RackContents::default()))
        .collect();
    let mut enclosures_in_order = Vec::new();
    for (&id, enclosure) in &project.enclosures {
        let Some(contents) = enclosure.rack.and_then(|r| racks.get_mut(&r)) else {
            continue;
        };
        match enclosure.unit {
            Some(bottom) => contents.mounts.push(Mount {
                object: id.into(),
                bottom,
                height: C7000_UNITS,
                recorded: true,
            }),
            None => enclosures_in_order.push((enclosure.rack, id.into(), Some(C7000_UNITS))),
        }
    }
    let mut servers_in_order = Vec::new();
    for (&id, host) in &project.hosts {
        let Placement::RackServer {
            rack: Some(rack),
            unit,
            ..
        } = host.placement
        else {
            continue;
        };
        let Some(contents) = racks.get_mut(&rack) else {
            continue;
        };
        let height = server_units(&host.model);
        match unit {
            // A recorded unit of a model whose height is not known holds that one unit, as the check of the
            // plan's integrity does.
            Some(bottom) => contents.mounts.push(Mount {
                object: id.into(),
                bottom,
                height: height.unwrap_or(1),
                recorded: true,
            }),
            None => servers_in_order.push((Some(rack), id.into(), height)),
        }
    }
    for (rack, object, height) in enclosures_in_order.into_iter().chain(servers_in_order) {
        if let Some(contents) = rack.and_then(|r| racks.get_mut(&r)) {
            contents.place(object, height);
        }
    }
    for contents in racks.values_mut() {
        contents.mounts.sort_by_key(|m| (m.bottom, m.object));
    }
    racks
}

/// The rack and mount of an enclosure or rack server, when it sits in a rack at units.
pub fn mount_of(
    racks: &BTreeMap<RackId, RackContents>,
    object: ObjectRef,
) -> Option<(RackId, Mount)> {
    racks
        .iter()
        .find_map(|(&rack, contents)| contents.mount_of(object).map(|m| (rack, m)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Enclosure, EnclosureId, Host, HostId, Rack, Site, SiteId};

    fn rack_of(enclosures: &[(u32, Option<u8>)]) -> Project {
        let mut project = Project::default();
        project.sites.insert(SiteId(1), Site::default());
        project.racks.insert(
            RackId(1),
            Rack {
                site: SiteId(1),
                ..Rack::default()
            },
        );
        for &(id, unit) in enclosures {
            project.enclosures.insert(
                EnclosureId(id),
                Enclosure {
                    name: format!("enc{id}"),
                    site: SiteId(1),
                    rack: Some(RackId(1)),
                    unit,
                    ..Enclosure::default()
                },
            );
        }
        project
    }

    fn bottoms(project: &Project) -> Vec<(ObjectRef, u8)> {
        rack_contents(project)[&RackId(1)]
            .mounts
            .iter()
            .map(|m| (m.object, m.bottom))
            .collect()
    }

    #[test]
    fn enclosures_without_units_fill_their_rack_in_order_and_a_fifth_has_no_room() {
        let project = rack_of(&[(1, None), (2, None), (3, None), (4, None), (5, None)]);
        let contents = &rack_contents(&project)[&RackId(1)];
        let units: Vec<u8> = contents.mounts.iter().map(|m| m.bottom).collect();
        assert_eq!(units, [1, 11, 21, 31]);
        assert_eq!(contents.unplaced, [ObjectRef::Enclosure(EnclosureId(5))]);
        assert_eq!((contents.used(), contents.free()), (40, 2));
        assert_eq!(contents.free_ranges(), [(41, 42)]);
        assert!(contents.mounts.iter().all(|m| !m.recorded));
    }

    #[test]
    fn recorded_units_stay_and_the_others_take_the_gaps() {
        let project = rack_of(&[(1, None), (2, Some(5))]);
        assert_eq!(
            bottoms(&project),
            [
                (ObjectRef::Enclosure(EnclosureId(2)), 5),
                (ObjectRef::Enclosure(EnclosureId(1)), 15)
            ]
        );
        let contents = &rack_contents(&project)[&RackId(1)];
        assert_eq!(contents.free_ranges(), [(1, 4), (25, 42)]);
        assert_eq!(contents.first_fit(10, None), Some(25));
        assert_eq!(contents.first_fit(4, None), Some(1));
        assert_eq!(
            contents.clash(1, 10, None).map(|m| m.object),
            Some(EnclosureId(2).into())
        );
        assert_eq!(
            contents.clash(5, 10, Some(EnclosureId(2).into())),
            None,
            "an enclosure does not clash with itself"
        );
    }

    #[test]
    fn rack_servers_take_the_units_of_their_model_and_an_unknown_model_has_none() {
        assert_eq!(server_units("ProLiant DL380 G6"), Some(2));
        assert_eq!(server_units("ProLiant DL360 G6"), Some(1));
        assert_eq!(server_units("ProLiant DL785 G5"), Some(7));
        assert_eq!(server_units("ProLiant BL460c G6"), None);
        assert_eq!(server_units("PowerEdge R710"), None);
        let mut project = rack_of(&[(1, None)]);
        for (id, model) in [(1, "ProLiant DL380 G6"), (2, "PowerEdge R710")] {
            project.hosts.insert(
                HostId(id),
                Host {
                    model: model.into(),
                    placement: Placement::RackServer {
                        site: SiteId(1),
                        rack: Some(RackId(1)),
                        unit: None,
                    },
                    ..Host::default()
                },
            );
        }
        let contents = &rack_contents(&project)[&RackId(1)];
        assert_eq!(
            contents
                .mount_of(HostId(1).into())
                .map(|m| (m.bottom, m.top())),
            Some((11, 12))
        );
        assert_eq!(contents.unplaced, [ObjectRef::Host(HostId(2))]);
        assert_eq!(unit_range(11, 2), "U11-U12");
        assert_eq!(unit_range(5, 1), "U5");
    }

    #[test]
    fn recorded_units_outside_the_rack_without_a_rack_or_overlapping_break_integrity() {
        let messages = |project: &Project| -> Vec<String> {
            crate::model::check_integrity(project)
                .into_iter()
                .map(|e| e.to_string())
                .collect()
        };
        assert!(messages(&rack_of(&[(1, Some(1)), (2, Some(11)), (3, None)])).is_empty());
        let overlap = messages(&rack_of(&[(1, Some(1)), (2, Some(5))]));
        assert_eq!(
            overlap,
            ["enclosure 2 (`enc2`): U5-U14 of rack#1 overlaps enc1 at U1-U10"]
        );
        let beyond = messages(&rack_of(&[(1, Some(34))]));
        assert_eq!(
            beyond,
            [
                "enclosure 1 (`enc1`): a c7000 (10U) at U34 would take U34-U43; a rack has units U1-U42"
            ]
        );
        let mut loose = rack_of(&[(1, Some(1))]);
        if let Some(enclosure) = loose.enclosures.get_mut(&EnclosureId(1)) {
            enclosure.rack = None;
        }
        assert_eq!(
            messages(&loose),
            ["enclosure 1 (`enc1`): unit U1 is recorded, but no rack"]
        );
        assert_eq!(unit_range(5, 1), "U5");
    }
}
