//! Re-checks only what an edit can change: the clusters its hosts and VMs were and are in, with the rules whose
//! [`Reach`] is one cluster. The rest (estate-wide rules, findings about shared objects) waits for a full check,
//! which the designer runs in the background as the safety net.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::{Finding, Reach, Rule, registry};
use crate::io::RuleConfig;
use crate::model::{Change, ClusterId, HostId, ObjectRef, ObjectValue, Project, SiteId, VmId};
use crate::refdata::ReferenceData;

/// The hosts, VMs and clusters an edit can change the findings of.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub clusters: BTreeSet<ClusterId>,
    pub hosts: BTreeSet<HostId>,
    pub vms: BTreeSet<VmId>,
}

impl Scope {
    /// The scope of a change given as the objects it touched with what each was before (`None`: it was added).
    /// `None` when the change touched anything but hosts, VMs and clusters: its reach is not one cluster.
    pub fn of_change<'a>(
        project: &Project,
        membership: &Membership,
        touched: impl IntoIterator<Item = (ObjectRef, Option<&'a ObjectValue>)>,
    ) -> Option<Self> {
        let mut seeds = Seeds::default();
        for (object, before) in touched {
            match object {
                ObjectRef::Host(id) => {
                    seeds.hosts.insert(id);
                    if let Some(ObjectValue::Host(host)) = before {
                        seeds.host_in(id, host.cluster);
                    }
                    if let Some(host) = project.hosts.get(&id) {
                        seeds.host_in(id, host.cluster);
                    }
                }
                ObjectRef::Vm(id) => {
                    seeds.vms.insert(id);
                    if let Some(ObjectValue::Vm(vm)) = before {
                        seeds.vm_on(project, vm.cluster, vm.host);
                    }
                    if let Some(vm) = project.vms.get(&id) {
                        seeds.vm_on(project, vm.cluster, vm.host);
                    }
                }
                ObjectRef::Cluster(id) => {
                    seeds.clusters.insert(id);
                }
                _ => return None,
            }
        }
        Some(seeds.grow(project, membership))
    }

    /// Whether a finding about `object` can be changed by the edit.
    pub fn contains(&self, object: ObjectRef) -> bool {
        match object {
            ObjectRef::Cluster(id) => self.clusters.contains(&id),
            ObjectRef::Host(id) => self.hosts.contains(&id),
            ObjectRef::Vm(id) => self.vms.contains(&id),
            _ => false,
        }
    }

    /// The part of `project` the scope's findings depend on: its clusters, hosts and VMs, and every object that is
    /// neither a cluster, a host nor a VM.
    pub fn extract(&self, project: &Project) -> Project {
        let mut part = skeleton(project);
        self.fill(&mut part, project);
        part
    }

    /// Gives `part` (a [`skeleton`] of `project`) the scope's clusters, hosts and VMs, and no others (but the
    /// cluster a scope's VM is registered to when it runs on a host of another: the part names what it names).
    fn fill(&self, part: &mut Project, project: &Project) {
        let registered = self
            .vms
            .iter()
            .filter_map(|id| project.vms.get(id).and_then(|vm| vm.cluster));
        part.clusters = self
            .clusters
            .iter()
            .copied()
            .chain(registered)
            .filter_map(|id| {
                project
                    .clusters
                    .get(&id)
                    .map(|cluster| (id, cluster.clone()))
            })
            .collect();
        part.hosts = self
            .hosts
            .iter()
            .filter_map(|id| project.hosts.get(id).map(|host| (*id, host.clone())))
            .collect();
        part.vms = self
            .vms
            .iter()
            .filter_map(|id| project.vms.get(id).map(|vm| (*id, vm.clone())))
            .collect();
    }
}

/// Every object of `project` that is neither a cluster, a host nor a VM: what a scoped re-check reads besides its
/// scope. Other clusters are left out too: a cluster-reach rule's findings about the scope do not read them, and
/// rules that walk every cluster then walk only the scope's.
fn skeleton(project: &Project) -> Project {
    Project {
        name: project.name.clone(),
        description: project.description.clone(),
        vcenters: project.vcenters.clone(),
        licence_servers: project.licence_servers.clone(),
        sites: project.sites.clone(),
        site_links: project.site_links.clone(),
        racks: project.racks.clone(),
        enclosures: project.enclosures.clone(),
        hosts: BTreeMap::new(),
        fabrics: project.fabrics.clone(),
        fc_switches: project.fc_switches.clone(),
        arrays: project.arrays.clone(),
        luns: project.luns.clone(),
        datastores: project.datastores.clone(),
        networks: project.networks.clone(),
        vswitches: project.vswitches.clone(),
        clusters: BTreeMap::new(),
        resource_pools: project.resource_pools.clone(),
        vms: BTreeMap::new(),
        mem_overcommit_max: project.mem_overcommit_max,
        snapshot_max_age_days: project.snapshot_max_age_days,
        licences: project.licences.clone(),
        timing: project.timing,
        upgrade: project.upgrade.clone(),
    }
}

/// A [`skeleton`] kept from one followed change to the next, so a scoped re-check does not copy every datastore,
/// LUN, enclosure and switch of a large plan again at each edit.
struct Skeleton {
    /// The document revision the skeleton is of.
    revision: u64,
    project: Project,
}

impl Skeleton {
    /// The skeleton of `project` at `revision`: the one kept when it is of the revision before (the change
    /// between touched only hosts, VMs and clusters, which a skeleton does not hold), else a new one.
    fn at(kept: Option<Self>, project: &Project, revision: u64) -> Self {
        match kept {
            Some(mut kept) if kept.revision.checked_add(1) == Some(revision) => {
                kept.revision = revision;
                kept
            }
            _ => Self {
                revision,
                project: skeleton(project),
            },
        }
    }
}

/// Which VMs each cluster and each host holds, kept up with every change so an edit's scope is found without
/// walking every VM (at the VMworld scale that walk alone took several milliseconds).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Membership {
    by_cluster: BTreeMap<ClusterId, BTreeSet<VmId>>,
    by_host: BTreeMap<HostId, BTreeSet<VmId>>,
}

impl Membership {
    /// The membership of every VM of `project`.
    pub fn of(project: &Project) -> Self {
        let mut membership = Self::default();
        for (&id, vm) in &project.vms {
            membership.insert(id, vm);
        }
        membership
    }

    /// Follows a change from the objects it touched with their values before it (`None`: added) to `project`,
    /// as it is after it.
    pub fn follow<'a>(
        &mut self,
        project: &Project,
        touched: impl IntoIterator<Item = (ObjectRef, Option<&'a ObjectValue>)>,
    ) {
        for (object, before) in touched {
            let ObjectRef::Vm(id) = object else {
                continue;
            };
            if let Some(ObjectValue::Vm(vm)) = before {
                self.remove(id, vm);
            }
            if let Some(vm) = project.vms.get(&id) {
                self.insert(id, vm);
            }
        }
    }

    fn insert(&mut self, id: VmId, vm: &crate::model::Vm) {
        if let Some(cluster) = vm.cluster {
            self.by_cluster.entry(cluster).or_default().insert(id);
        }
        if let Some(host) = vm.host {
            self.by_host.entry(host).or_default().insert(id);
        }
    }

    /// How many VMs a cluster holds.
    pub fn vms_in_cluster(&self, cluster: ClusterId) -> usize {
        self.by_cluster.get(&cluster).map_or(0, BTreeSet::len)
    }

    /// How many VMs run on a host.
    pub fn vms_on_host(&self, host: HostId) -> usize {
        self.by_host.get(&host).map_or(0, BTreeSet::len)
    }

    fn remove(&mut self, id: VmId, vm: &crate::model::Vm) {
        if let Some(cluster) = vm.cluster {
            forget(&mut self.by_cluster, cluster, id);
        }
        if let Some(host) = vm.host {
            forget(&mut self.by_host, host, id);
        }
    }
}

/// Takes a VM out of its group, and the group out when it is left empty (so the membership of a plan is one value).
fn forget<K: Ord>(groups: &mut BTreeMap<K, BTreeSet<VmId>>, key: K, vm: VmId) {
    if let Some(vms) = groups.get_mut(&key) {
        vms.remove(&vm);
        if vms.is_empty() {
            groups.remove(&key);
        }
    }
}

/// What an edit touched directly, before it is grown to whole clusters.
#[derive(Default)]
struct Seeds {
    clusters: BTreeSet<ClusterId>,
    /// Hosts in no cluster: each is its own scope with its VMs.
    standalone: BTreeSet<HostId>,
    hosts: BTreeSet<HostId>,
    vms: BTreeSet<VmId>,
}

impl Seeds {
    fn host_in(&mut self, host: HostId, cluster: Option<ClusterId>) {
        match cluster {
            Some(cluster) => self.clusters.insert(cluster),
            None => self.standalone.insert(host),
        };
    }

    fn vm_on(&mut self, project: &Project, cluster: Option<ClusterId>, host: Option<HostId>) {
        if let Some(cluster) = cluster {
            self.clusters.insert(cluster);
        }
        if let Some(host) = host {
            let cluster = project.hosts.get(&host).and_then(|h| h.cluster);
            self.host_in(host, cluster);
        }
    }

    /// Every host and VM of the touched clusters and standalone hosts, with the touched objects themselves. The
    /// clusters long-distance vMotion joins to a touched one come too: their VMs may run on its hosts.
    fn grow(mut self, project: &Project, membership: &Membership) -> Scope {
        let partner_sites = project.ldvm_partner_sites();
        if !partner_sites.is_empty() {
            let sites: BTreeSet<SiteId> = project
                .hosts
                .values()
                .filter(|host| host.cluster.is_some_and(|c| self.clusters.contains(&c)))
                .filter_map(|host| host.placement.site(project))
                .filter_map(|site| partner_sites.get(&site))
                .flatten()
                .copied()
                .collect();
            let partners: Vec<ClusterId> = project
                .hosts
                .values()
                .filter(|host| {
                    host.placement
                        .site(project)
                        .is_some_and(|s| sites.contains(&s))
                })
                .filter_map(|host| host.cluster)
                .collect();
            self.clusters.extend(partners);
        }
        let mut hosts = self.hosts;
        hosts.extend(self.standalone.iter().copied());
        hosts.extend(
            project
                .hosts
                .iter()
                .filter(|(_, host)| host.cluster.is_some_and(|c| self.clusters.contains(&c)))
                .map(|(id, _)| *id),
        );
        let mut vms = self.vms;
        for cluster in &self.clusters {
            vms.extend(membership.by_cluster.get(cluster).into_iter().flatten());
        }
        for host in &hosts {
            vms.extend(membership.by_host.get(host).into_iter().flatten());
        }
        Scope {
            clusters: self.clusters,
            hosts,
            vms,
        }
    }
}

/// The findings after an edit of `scope`, from the findings before it: the cluster-reach rules' findings about
/// the scope's objects are checked again on the scope alone; every other finding is kept as it was (findings of
/// removed objects are dropped) until a full check replaces them.
pub fn recheck(
    project: &Project,
    reference: &ReferenceData,
    config: &RuleConfig,
    previous: Vec<Finding>,
    scope: &Scope,
) -> Vec<Finding> {
    let part = scope.extract(project);
    recheck_part(&part, project, reference, config, previous, scope)
}

/// [`recheck`] with the scope's part of the plan given ([`Scope::extract`]).
fn recheck_part(
    part: &Project,
    project: &Project,
    reference: &ReferenceData,
    config: &RuleConfig,
    previous: Vec<Finding>,
    scope: &Scope,
) -> Vec<Finding> {
    let local: Vec<&dyn Rule> = registry::rules()
        .iter()
        .copied()
        .filter(|rule| rule.meta().reach == Reach::Cluster)
        .collect();
    let estate: BTreeSet<&str> = registry::metas()
        .filter(|meta| meta.reach == Reach::Estate)
        .map(|meta| meta.id)
        .collect();
    let fresh = super::check_with(&local, part, reference, config);
    let mut findings: Vec<Finding> = previous
        .into_iter()
        .filter(|finding| {
            let stale = scope.contains(finding.object) && !estate.contains(finding.rule);
            !stale && (finding.object == ObjectRef::Plan || project.contains(finding.object))
        })
        .collect();
    findings.extend(
        fresh
            .into_iter()
            .filter(|finding| scope.contains(finding.object)),
    );
    findings.sort_by(Finding::order);
    findings
}

/// How long the edits must pause before the full check starts: cloning the estate for the worker costs a frame
/// at the VMworld scale, which a user does not notice once they have stopped.
const PAUSE_SECONDS: f64 = 0.4;

/// Plans with fewer hosts and VMs than this are checked in full at every edit, in place: it costs less than a
/// frame, and the findings are exact at once.
pub const IN_PLACE_BELOW: usize = 4_000;

/// The designer's findings, kept up with every edit: an edit of hosts, VMs or clusters is re-checked in its
/// scope at once; a full check follows on a worker thread once the edits pause, and replaces every finding.
pub struct LiveCheck {
    reference: Arc<ReferenceData>,
    findings: Vec<Finding>,
    /// The document revision `findings` describe.
    revision: Option<u64>,
    /// Whether `findings` come from a full check of that revision.
    settled: bool,
    /// When the revision last changed (seconds, the caller's clock).
    changed_at: f64,
    worker: Option<(u64, JoinHandle<Vec<Finding>>)>,
    /// Which VMs each cluster and host holds at `revision`, followed change by change; `None` before the first.
    membership: Option<Membership>,
    /// The non-host, non-VM part of the plan at `revision`, followed with the membership.
    skeleton: Option<Skeleton>,
    /// Counts every change of `findings`, so views derived from them know when to rebuild.
    generation: u64,
    /// Plans with fewer hosts and VMs are checked in full in place ([`IN_PLACE_BELOW`]).
    pub in_place_below: usize,
}

impl LiveCheck {
    /// No findings yet: the first [`LiveCheck::update`] checks.
    pub fn new(reference: Arc<ReferenceData>) -> Self {
        Self {
            reference,
            findings: Vec::new(),
            revision: None,
            settled: false,
            changed_at: f64::NEG_INFINITY,
            worker: None,
            membership: None,
            skeleton: None,
            generation: 0,
            in_place_below: IN_PLACE_BELOW,
        }
    }

    /// The findings as they stand: exact when [`LiveCheck::settled`], else exact for the edited scope and as they
    /// were for the rest.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Whether the findings come from a full check of the current revision.
    pub fn settled(&self) -> bool {
        self.settled
    }

    /// Whether the findings are already brought up to `revision` (a frame need not gather the latest change).
    pub fn is_at(&self, revision: u64) -> bool {
        self.revision == Some(revision)
    }

    /// Changes whenever the findings do.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Which VMs each cluster and host holds at `revision`, when this check followed the plan to it change by
    /// change (large plans); `None` otherwise.
    pub fn membership_at(&self, revision: u64) -> Option<&Membership> {
        self.membership
            .as_ref()
            .filter(|_| self.revision == Some(revision))
    }

    /// Forgets everything: another document is open.
    pub fn reset(&mut self) {
        *self = Self {
            in_place_below: self.in_place_below,
            ..Self::new(Arc::clone(&self.reference))
        };
    }

    /// Brings the findings up to `revision` of `project`. `change` is the document's latest change (the objects it
    /// touched with their values before it). `now` is the caller's clock in seconds.
    /// Returns how many seconds until the next call has work to do (a full check to start or collect).
    pub fn update(
        &mut self,
        project: &Project,
        config: &RuleConfig,
        revision: u64,
        change: Option<Change<'_>>,
        now: f64,
    ) -> Option<f64> {
        self.collect(revision);
        if self.revision != Some(revision) {
            let follows = self.revision.is_some() && self.revision == revision.checked_sub(1);
            let previous = self.revision;
            self.revision = Some(revision);
            if project.hosts.len() + project.vms.len() < self.in_place_below {
                // Not followed from here on: gathered again if the plan grows past the line.
                self.membership = None;
                self.skeleton = None;
                self.settle(super::check(project, &self.reference, config));
                return None;
            }
            self.settled = false;
            self.changed_at = if previous.is_none() {
                // Nothing to show yet: no edits to wait for.
                f64::NEG_INFINITY
            } else {
                now
            };
            let change = change.filter(|change| follows && change.revision == revision);
            let scope = match (&mut self.membership, change) {
                (Some(membership), Some(change)) => {
                    membership.follow(project, change.touched.iter().copied());
                    Scope::of_change(project, membership, change.touched)
                }
                // A new document, or a change missed: the membership is gathered again, once.
                (_, change) => {
                    let membership = Membership::of(project);
                    let scope = change
                        .and_then(|change| Scope::of_change(project, &membership, change.touched));
                    self.membership = Some(membership);
                    scope
                }
            };
            match scope {
                Some(scope) => {
                    // A scope means the change touched hosts, VMs and clusters only: the rest of the plan, which
                    // the skeleton holds, is as it was.
                    let kept = self.skeleton.take();
                    let mut skeleton = Skeleton::at(kept, project, revision);
                    scope.fill(&mut skeleton.project, project);
                    let before = std::mem::take(&mut self.findings);
                    self.findings = recheck_part(
                        &skeleton.project,
                        project,
                        &self.reference,
                        config,
                        before,
                        &scope,
                    );
                    skeleton.project.clusters.clear();
                    skeleton.project.hosts.clear();
                    skeleton.project.vms.clear();
                    self.skeleton = Some(skeleton);
                    self.generation += 1;
                }
                // The change reached beyond hosts, VMs and clusters (or was missed): the skeleton is gathered
                // again at the next scoped change.
                None => self.skeleton = None,
            }
        }
        if self.settled {
            return None;
        }
        if self.worker.is_some() {
            return Some(0.05);
        }
        let waited = now - self.changed_at;
        if waited < PAUSE_SECONDS {
            return Some(PAUSE_SECONDS - waited);
        }
        let (state, rules, reference) =
            (project.clone(), config.clone(), Arc::clone(&self.reference));
        match std::thread::Builder::new()
            .name("full-check".to_owned())
            .spawn(move || super::check(&state, &reference, &rules))
        {
            Ok(worker) => self.worker = Some((revision, worker)),
            // No thread to be had: check in place rather than never.
            Err(_) => self.settle(super::check(project, &self.reference, config)),
        }
        (!self.settled).then_some(0.05)
    }

    /// Takes a finished full check's findings when they are of the current revision.
    fn collect(&mut self, revision: u64) {
        let finished = self
            .worker
            .as_ref()
            .is_some_and(|(_, worker)| worker.is_finished());
        if !finished {
            return;
        }
        if let Some((checked, worker)) = self.worker.take()
            && let Ok(findings) = worker.join()
            && checked == revision
            && self.revision == Some(revision)
        {
            self.settle(findings);
        }
    }

    fn settle(&mut self, findings: Vec<Finding>) {
        self.findings = findings;
        self.settled = true;
        self.generation += 1;
    }
}
