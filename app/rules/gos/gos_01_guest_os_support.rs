//! GOS-01: a VM's guest OS is supported on the ESX releases of the hosts it may run on.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{HostId, HostSet, Release, VmId};
use crate::refdata::{GuestOsSupport, GuestStatus};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A guest OS deprecated or not listed on an ESX release a VM may run on, or missing from the reference data.
pub struct GosGuestOsSupport;

static META: RuleMeta = RuleMeta {
    id: "GOS-01",
    name: "guest-os-not-supported",
    title: "A VM's guest OS is deprecated or not listed on the ESX release of a host it may run on",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every VM with a recorded `guest_os`, against the ESX releases of the hosts it may run on (its cluster's \
             hosts, or its own host when it is not clustered; in a simulated stage the releases of that stage), in \
             the reference table `guest_os`: the matching entry with the most words whose release range covers the \
             release. `NotListed` on any of those releases is an error, `Deprecated` a warning, `Supported` passes. \
             A guest OS the table says nothing of for a release is unknown: one info per distinct guest OS name \
             (\"not in reference data: ...\") with its VM count, not one per VM. A VM without a guest OS is unknown \
             and skipped.",
    why: "VMware supports a guest OS on the ESX releases its guest OS guides list it for: a guest that is not listed \
          on the release HA, DRS or the upgrade may move it to runs unsupported, and a deprecated one is on its way \
          out (Windows NT 4.0 was still supported through 4.x, deprecated with ESXi 5.1).",
    example: "`legacy01` runs Windows NT 4.0 in a cluster whose hosts are planned to run ESXi 5.1, where NT 4.0 is \
              deprecated (KB 2015161).",
    fix: "Keep the VM on hosts whose release supports its guest OS, or upgrade the guest; for an unknown guest, add it to the reference data with a source.",
    source: "V47 ~ (virtualtothecore on KB 2015161); reference data `guest_os` with its sources (all unverified: the 2009-2010 Guest OS Compatibility Guide was not found)",
};

/// The releases a VM may run on and the hosts on each.
fn releases_of(ctx: &Context<'_>, hosts: &[HostId]) -> BTreeMap<Release, Vec<HostId>> {
    let mut releases: BTreeMap<Release, Vec<HostId>> = BTreeMap::new();
    for &id in hosts {
        if let Some(host) = ctx.host(id) {
            releases.entry(host.release()).or_default().push(id);
        }
    }
    releases
}

fn where_text(ctx: &Context<'_>, releases: &[(Release, &Vec<HostId>)]) -> String {
    releases
        .iter()
        .map(|(release, hosts)| {
            let names: Vec<String> = hosts.iter().map(|&h| ctx.project.host_name(h)).collect();
            format!("ESX {release} ({})", crate::rules::net::some_names(&names))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What one guest OS gets on one set of hosts: the same for every VM of that guest in that cluster.
#[derive(Default)]
struct Verdict {
    /// The severity and the message's tail after the VM's name, when there is a finding.
    finding: Option<(Severity, String)>,
    /// Releases the reference data says nothing of for this guest.
    unknown: BTreeSet<Release>,
}

fn verdict<'r>(
    ctx: &Context<'r>,
    entries: &mut BTreeMap<(&'r str, Release), Option<&'r GuestOsSupport>>,
    guest: &'r str,
    hosts: &[HostId],
) -> Verdict {
    let releases = releases_of(ctx, hosts);
    let mut not_listed = Vec::new();
    let mut deprecated = Vec::new();
    let mut notes = BTreeSet::new();
    let mut unknown = BTreeSet::new();
    for (&release, hosts) in &releases {
        // Each lookup is a word match over the whole table: made once per guest name and release.
        let entry = *entries
            .entry((guest, release))
            .or_insert_with(|| ctx.reference.guest_os_entry(guest, release));
        let Some(entry) = entry else {
            unknown.insert(release);
            continue;
        };
        match entry.status {
            GuestStatus::Supported => continue,
            GuestStatus::Deprecated => deprecated.push((release, hosts)),
            GuestStatus::NotListed => not_listed.push((release, hosts)),
        }
        if !entry.note.is_empty() {
            notes.insert(entry.note.as_str());
        }
    }
    let note = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.into_iter().collect::<Vec<_>>().join("; "))
    };
    let finding = if !not_listed.is_empty() {
        Some((
            Severity::Error,
            format!(
                "runs {guest}, which VMware does not list for {}, among the hosts it may run on{note}",
                where_text(ctx, &not_listed)
            ),
        ))
    } else if !deprecated.is_empty() {
        Some((
            Severity::Warning,
            format!(
                "runs {guest}, deprecated on {}, among the hosts it may run on: still supported, on its way out{note}",
                where_text(ctx, &deprecated)
            ),
        ))
    } else {
        None
    };
    Verdict { finding, unknown }
}

impl Rule for GosGuestOsSupport {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // An estate has a handful of guest names and clusters but tens of thousands of VMs: each guest is judged
        // once per set of hosts its VMs may run on (a cluster, or a host of its own). The walk is over the VMs'
        // rows, which name each VM's guest OS by a number; a VM itself is read only to be named in a finding.
        let rows = ctx.vm_rows();
        let mut verdicts: BTreeMap<(&str, HostSet), usize> = BTreeMap::new();
        // Per verdict: the guest it judged and the VMs it applies to whose guest the data does not know.
        let mut judged: Vec<(&str, Verdict, Vec<VmId>)> = Vec::new();
        let mut entries = BTreeMap::new();
        // The guest names met in each set of hosts, with their verdict: a set has a handful of names and its VMs
        // follow each other, so a short list is searched instead of the map for each VM.
        let mut set_guests: Vec<Vec<(u32, usize)>> = Vec::new();
        let mut set_positions: BTreeMap<HostSet, usize> = BTreeMap::new();
        let mut last_set: Option<(HostSet, usize)> = None;
        for row in rows.iter() {
            let host_set = ctx.index.host_set_of_row(last_set.map(|(of, _)| of), row);
            let set = match last_set {
                Some((of, set)) if of == host_set => set,
                _ => {
                    let set = *set_positions.entry(host_set).or_insert_with(|| {
                        set_guests.push(Vec::new());
                        set_guests.len() - 1
                    });
                    last_set = Some((host_set, set));
                    set
                }
            };
            let Some(guests) = set_guests.get_mut(set) else {
                continue;
            };
            let known = guests
                .iter()
                .find(|(guest, _)| *guest == row.guest_os)
                .map(|(_, position)| *position);
            let position = known.unwrap_or_else(|| {
                let guest = rows.guest_os(row).trim();
                let position = *verdicts.entry((guest, host_set)).or_insert_with(|| {
                    let verdict = if guest.is_empty() {
                        Verdict::default()
                    } else {
                        verdict(ctx, &mut entries, guest, ctx.index.hosts_for_row(row))
                    };
                    judged.push((guest, verdict, Vec::new()));
                    judged.len() - 1
                });
                guests.push((row.guest_os, position));
                position
            });
            let Some((_, verdict, unknown_vms)) = judged.get_mut(position) else {
                continue;
            };
            if !verdict.unknown.is_empty() {
                unknown_vms.push(row.id);
            }
            if let Some((severity, tail)) = &verdict.finding
                && let Some(vm) = ctx.vm(row.id)
            {
                out.add_at(&META, *severity, row.id, format!("{} {tail}", vm.name));
            }
        }
        // Guest OS names the data says nothing of, with the releases missing and the VMs running them.
        let mut unknown: BTreeMap<&str, (BTreeSet<Release>, Vec<VmId>)> = BTreeMap::new();
        for (guest, verdict, mut vms) in judged {
            if vms.is_empty() {
                continue;
            }
            let (missing, all) = unknown.entry(guest).or_default();
            missing.extend(verdict.unknown.iter().copied());
            all.append(&mut vms);
        }
        for (guest, (releases, mut vms)) in unknown {
            vms.sort_unstable();
            let Some(&first) = vms.first() else {
                continue;
            };
            let releases: Vec<String> = releases.iter().map(Release::to_string).collect();
            // Only the names shown are looked up.
            let shown = vms
                .iter()
                .take(SHOWN_NAMES)
                .filter_map(|&id| ctx.vm(id))
                .map(|vm| vm.name.as_str());
            let names = crate::rules::net::first_names_of(shown, vms.len());
            out.add_at(
                &META,
                Severity::Info,
                first,
                format!(
                    "not in reference data: {guest} on ESX {} ({}: {names})",
                    releases.join(", "),
                    crate::rules::ft_vm::count(vms.len(), "VM")
                ),
            );
        }
    }
}

/// The VMs named in an unknown guest's info finding before "and N more".
const SHOWN_NAMES: usize = crate::rules::net::SHOWN_NAMES;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cluster, ClusterId, EsxInstall, Host, Index, Project, Vm};
    use crate::refdata::{GuestOsSupport, ReferenceData};

    fn project(releases: &[&str], guests: &[&str]) -> Project {
        let mut project = Project::default();
        project.clusters.insert(ClusterId(1), Cluster::default());
        for (n, release) in releases.iter().enumerate() {
            project.hosts.insert(
                HostId(n as u32 + 1),
                Host {
                    name: format!("esx0{}", n + 1),
                    cluster: Some(ClusterId(1)),
                    esx: EsxInstall {
                        release: release.parse().unwrap(),
                        ..EsxInstall::default()
                    },
                    ..Host::default()
                },
            );
        }
        for (n, guest) in guests.iter().enumerate() {
            project.vms.insert(
                VmId(n as u32 + 1),
                Vm {
                    name: format!("vm0{}", n + 1),
                    cluster: Some(ClusterId(1)),
                    guest_os: (*guest).to_owned(),
                    ..Vm::default()
                },
            );
        }
        project
    }

    fn run_with(project: &Project, reference: &ReferenceData) -> Vec<(Severity, String)> {
        let index = Index::build(project);
        let ctx = Context::new(project, reference, &index);
        let mut out = Findings::default();
        GosGuestOsSupport.check(&ctx, &mut out);
        out.into_vec()
            .into_iter()
            .map(|f| (f.severity, f.message))
            .collect()
    }

    fn run(project: &Project) -> Vec<(Severity, String)> {
        run_with(project, &ReferenceData::bundled().unwrap())
    }

    #[test]
    fn supported_guests_on_3_5_and_4_0_are_quiet() {
        let project = project(
            &["3.5 U4", "4.0 U1"],
            &[
                "Microsoft Windows Server 2003 Standard (32-bit)",
                "Microsoft Windows Server 2008 (64-bit)",
                "Red Hat Enterprise Linux 5 (64-bit)",
            ],
        );
        assert_eq!(run(&project), []);
    }

    #[test]
    fn nt4_on_esxi_5_1_is_deprecated() {
        let findings = run(&project(&["4.0 U1", "5.1"], &["Microsoft Windows NT 4"]));
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].0, Severity::Warning);
        assert!(
            findings[0]
                .1
                .starts_with("vm01 runs Microsoft Windows NT 4, deprecated on ESX 5.1 (esx02)"),
            "{}",
            findings[0].1
        );
    }

    #[test]
    fn not_listed_is_an_error() {
        let mut reference = ReferenceData::bundled().unwrap();
        reference.guest_os.push(GuestOsSupport {
            guest: "Windows 95".into(),
            from: "3.5".parse().unwrap(),
            status: GuestStatus::NotListed,
            ..GuestOsSupport::default()
        });
        let findings = run_with(&project(&["3.5 U4"], &["Microsoft Windows 95"]), &reference);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].0, Severity::Error);
    }

    #[test]
    fn an_unknown_guest_is_one_info_for_all_its_vms() {
        let findings = run(&project(
            &["3.5 U4"],
            &["Sun Solaris 10 (64-bit)", "Sun Solaris 10 (64-bit)", ""],
        ));
        assert_eq!(
            findings,
            [(
                Severity::Info,
                "not in reference data: Sun Solaris 10 (64-bit) on ESX 3.5 U4 (2 VMs: vm01, vm02)"
                    .to_owned()
            )]
        );
    }

    #[test]
    fn the_most_specific_pattern_decides_and_does_not_fall_back() {
        // Windows Server 2008 R2 has entries from 4.0 U1 only: on 3.5 it is unknown, not "Windows Server 2008".
        let findings = run(&project(
            &["3.5 U4"],
            &["Microsoft Windows Server 2008 R2 (64-bit)"],
        ));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].0, Severity::Info);
        assert!(
            run(&project(
                &["4.0 U1"],
                &["Microsoft Windows Server 2008 R2 (64-bit)"]
            ))
            .is_empty()
        );
    }
}
