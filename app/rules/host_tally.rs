//! A value per host, tallied in one pass over the VM rows (MAX-02's VMs and vCPUs, VMO-06's running VMs).

use crate::model::{HostId, Project};

/// One value per host of a project, kept beside the hosts' sorted IDs: a host's slot is found by binary search over
/// a few kilobytes rather than in a map spread over memory, and VMs of one host that follow each other in ID order
/// share one search.
pub(super) struct HostTally<T> {
    hosts: Vec<HostId>,
    values: Vec<T>,
    last: Option<(HostId, usize)>,
}

impl<T: Default + Clone> HostTally<T> {
    /// A default value for every host of `project`.
    pub(super) fn new(project: &Project) -> Self {
        let hosts: Vec<HostId> = project.hosts.keys().copied().collect();
        Self {
            values: vec![T::default(); hosts.len()],
            hosts,
            last: None,
        }
    }

    /// The value of `host` to add to; `None` for a host the project does not have.
    pub(super) fn at(&mut self, host: HostId) -> Option<&mut T> {
        let slot = match self.last {
            Some((seen, slot)) if seen == host => slot,
            _ => {
                let slot = self.hosts.binary_search(&host).ok()?;
                self.last = Some((host, slot));
                slot
            }
        };
        self.values.get_mut(slot)
    }

    /// The value of `host`; `None` for a host the project does not have.
    pub(super) fn get(&self, host: HostId) -> Option<&T> {
        let slot = self.hosts.binary_search(&host).ok()?;
        self.values.get(slot)
    }

    /// Every host's value, in host ID order (the order of the project's hosts).
    pub(super) fn values(&self) -> &[T] {
        &self.values
    }
}
