//! The edit path: transactions apply and undo exactly, the dirty flag follows saves and undo, refusals change nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops loudly when its input is broken"
)]

use std::path::Path;

use dcplan::edit::{
    CopyRefused, Document, DropTarget, Edit, EditError, MAX_UNDO, NewObject, ObjectValue,
    Transaction, add, cascade_delete, mount, paste, replace_all, unmount,
};
use dcplan::io::PlanFile;
use dcplan::model::{
    EnclosureId, HostId, ObjectKind, ObjectRef, Placement, Position, RackId, SiteId, VmId,
    rack_contents,
};

fn sample() -> PlanFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/samples/esx35-west.ron");
    PlanFile::load(&path).unwrap()
}

#[test]
fn undo_restores_the_plan_exactly_and_redo_reapplies() {
    let original = sample();
    let mut doc = Document::new(original.clone(), None);
    let mut vm = doc.project().vms[&VmId(3)].clone();
    vm.vcpus = 1;
    doc.apply(Transaction::new("Set vCPUs").with(Edit::put(VmId(3), ObjectValue::Vm(vm.clone()))))
        .unwrap();
    assert!(doc.is_dirty());
    assert_eq!(doc.history().undo_label(), Some("Set vCPUs"));
    assert_eq!(doc.undo().as_deref(), Some("Set vCPUs"));
    assert_eq!(doc.plan(), &original);
    assert!(!doc.is_dirty(), "undo back to the loaded state is clean");
    assert_eq!(doc.redo().as_deref(), Some("Set vCPUs"));
    assert_eq!(doc.project().vms[&VmId(3)], vm);
    assert!(doc.is_dirty());
}

#[test]
fn a_transaction_leaving_a_dangling_reference_is_refused_whole() {
    let original = sample();
    let mut doc = Document::new(original.clone(), None);
    let mut vm = doc.project().vms[&VmId(1)].clone();
    vm.memory_mb = 1;
    let tx = Transaction::new("Break")
        .with(Edit::put(VmId(1), ObjectValue::Vm(vm)))
        .with(Edit::remove(HostId(1)));
    assert!(doc.apply(tx).is_err());
    assert_eq!(doc.plan(), &original);
    assert!(!doc.is_dirty());
    assert_eq!(doc.history().undo_len(), 0);
}

#[test]
fn deleting_an_enclosure_takes_its_blades_and_one_undo_brings_all_back() {
    let original = sample();
    let mut doc = Document::new(original.clone(), None);
    let tx = cascade_delete(
        doc.project(),
        &[ObjectRef::Enclosure(EnclosureId(1))],
        "Delete enc1",
    );
    doc.apply(tx).unwrap();
    assert!(!doc.project().enclosures.contains_key(&EnclosureId(1)));
    assert!(doc.project().hosts.values().all(|h| !matches!(
        h.placement,
        Placement::Blade {
            enclosure: EnclosureId(1),
            ..
        }
    )));
    assert!(
        doc.project()
            .vms
            .values()
            .all(|vm| vm.host.is_none_or(|h| doc.project().hosts.contains_key(&h)))
    );
    doc.undo();
    assert_eq!(doc.plan(), &original);
}

#[test]
fn history_keeps_the_newest_steps() {
    let mut doc = Document::new(sample(), None);
    for n in 0..MAX_UNDO + 20 {
        let mut vm = doc.project().vms[&VmId(1)].clone();
        vm.memory_mb = 1024 + n as u32;
        doc.apply(
            Transaction::new(format!("step {n}")).with(Edit::put(VmId(1), ObjectValue::Vm(vm))),
        )
        .unwrap();
    }
    assert_eq!(doc.history().undo_len(), MAX_UNDO);
    assert_eq!(
        doc.history().undo_label(),
        Some(format!("step {}", MAX_UNDO + 19).as_str())
    );
}

#[test]
fn saving_marks_clean_and_a_new_edit_after_undo_drops_redo() {
    let dir = std::env::temp_dir().join(format!("dcplan-edits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("plan.ron");
    let mut doc = Document::new(sample(), None);
    let id = SiteId::next_free(doc.project());
    let site = dcplan::model::Site {
        name: "East DC".to_owned(),
        ..Default::default()
    };
    doc.apply(Transaction::new("Add site").with(Edit::put(id, ObjectValue::Site(site))))
        .unwrap();
    doc.save_to(path.clone()).unwrap();
    assert!(!doc.is_dirty());
    assert_eq!(PlanFile::load(&path).unwrap(), *doc.plan());
    doc.undo();
    assert!(doc.is_dirty(), "undo past the save makes it dirty again");
    doc.apply(Transaction::new("Rename").with(Edit::Describe {
        name: "x".into(),
        description: String::new(),
    }))
    .unwrap();
    assert_eq!(doc.history().redo_label(), None);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn plan_overrides_and_suppressions_change_findings() {
    use dcplan::io::{RuleConfig, RuleOverride, SeverityOverride, Suppression};
    use dcplan::refdata::ReferenceData;
    use dcplan::rules::{self, Severity};
    let plan = sample();
    let reference = ReferenceData::bundled().unwrap();
    let plain = rules::check(&plan.project, &reference, &RuleConfig::default());
    assert!(
        plain
            .iter()
            .any(|f| f.rule == "CAP-04" && f.severity == Severity::Error)
    );
    let config = RuleConfig {
        overrides: vec![RuleOverride {
            rule: "CAP-04".into(),
            severity: SeverityOverride::Warning,
            reason: "six blades in enc1 until the January window".into(),
        }],
        suppressions: vec![Suppression {
            rule: "FT-CL-14".into(),
            object: ObjectRef::Vm(VmId(3)),
            reason: "FT for sql01 waits for the vSphere 4 stage".into(),
        }],
    };
    let tuned = rules::check(&plan.project, &reference, &config);
    assert!(
        tuned
            .iter()
            .any(|f| f.rule == "CAP-04" && f.severity == Severity::Warning)
    );
    assert!(
        !tuned
            .iter()
            .any(|f| f.rule == "CAP-04" && f.severity == Severity::Error)
    );
    assert!(!tuned.iter().any(|f| f.rule == "FT-CL-14"));
    assert_eq!(tuned.len() + 1, plain.len());
}

#[test]
fn deleting_a_site_a_vcenter_or_an_array_takes_what_depends_on_it() {
    use dcplan::model::{ArrayId, SiteId, VcenterId};
    for object in [
        ObjectRef::Site(SiteId(1)),
        ObjectRef::Vcenter(VcenterId(1)),
        ObjectRef::Array(ArrayId(1)),
    ] {
        let original = sample();
        let mut doc = Document::new(original.clone(), None);
        let tx = cascade_delete(doc.project(), &[object], "Delete");
        doc.apply(tx)
            .unwrap_or_else(|err| panic!("deleting {object} was refused: {err}"));
        assert!(doc.project().name_of(object).is_none());
        doc.undo();
        assert_eq!(doc.plan(), &original);
    }
}

#[test]
fn a_blade_dropped_on_a_taken_bay_is_refused_not_moved_elsewhere() {
    use dcplan::model::EnclosureId;
    let plan = sample();
    let refusal =
        dcplan::edit::move_blade(&plan.project, HostId(1), EnclosureId(1), Some(2)).unwrap_err();
    assert!(refusal.contains("bay2 holds esx02"), "{refusal}");
    let moved =
        dcplan::edit::move_blade(&plan.project, HostId(1), EnclosureId(2), Some(9)).unwrap();
    assert_eq!(moved.label, "Move esx01 to enc2/bay9");
}

#[test]
fn every_object_of_every_kind_puts_back_exactly_and_a_wrong_kind_is_refused() {
    let mut project = sample().project;
    let objects: Vec<ObjectRef> = project.objects().collect();
    assert!(objects.len() > 10, "the sample has objects of many kinds");
    for object in objects {
        let value = ObjectValue::of(&project, object).unwrap();
        let inverse = Edit::put(object, value.clone())
            .apply(&mut project)
            .unwrap();
        assert_eq!(inverse, Edit::put(object, value));
    }
    let site = ObjectValue::Site(dcplan::model::Site::default());
    let before = project.clone();
    assert_eq!(
        Edit::put(HostId(1), site.clone()).apply(&mut project),
        Err(EditError::KindMismatch(HostId(1).into()))
    );
    assert_eq!(
        Edit::put(ObjectRef::Plan, site).apply(&mut project),
        Err(EditError::NotAnObject)
    );
    assert_eq!(project, before, "a refused put changes nothing");
}

#[test]
fn pasted_copies_take_the_next_ids_a_copy_name_and_an_offset_and_sites_are_refused() {
    let mut project = sample().project;
    let (&vm_id, _) = project.vms.iter().next().unwrap();
    let (&site_id, _) = project.sites.iter().next().unwrap();
    let (&enclosure_id, enclosure) = project.enclosures.iter_mut().next().unwrap();
    enclosure.position = Some(Position { x: 10.0, y: 20.0 });
    let values = [
        vm_id.into(),
        vm_id.into(),
        enclosure_id.into(),
        site_id.into(),
    ]
    .into_iter()
    .map(|object: ObjectRef| ObjectValue::of(&project, object).unwrap())
    .collect();
    let pasted = paste(&project, values, "Paste");
    let next_vm = VmId::next_free(&project);
    let next_enclosure = EnclosureId::next_free(&project);
    assert_eq!(
        pasted.created,
        vec![
            next_vm.into(),
            VmId(next_vm.0 + 1).into(),
            next_enclosure.into()
        ]
    );
    assert_eq!(pasted.refused, vec![CopyRefused::NotCopyable]);
    assert_eq!(pasted.transaction.label, "Paste 4 objects");
    let mut doc = Document::new(
        PlanFile {
            project,
            ..sample()
        },
        None,
    );
    doc.apply(pasted.transaction).unwrap();
    let original_vm = &doc.project().vms[&vm_id];
    let copy = &doc.project().vms[&next_vm];
    assert_eq!(copy.name, format!("{}-copy", original_vm.name));
    assert_eq!(copy.ft, None);
    let copied_enclosure = &doc.project().enclosures[&next_enclosure];
    assert_eq!(
        copied_enclosure.position,
        Some(Position { x: 50.0, y: 60.0 })
    );
    assert_eq!(copied_enclosure.vc_domain, None);
}

#[test]
fn replacing_all_objects_turns_one_plan_into_the_other_in_one_step() {
    let from = sample();
    let mut to = from.project.clone();
    to.name = "Recovered".to_owned();
    let (&vm_id, vm) = to.vms.iter_mut().next().unwrap();
    vm.vcpus += 1;
    let vm_copy = vm.clone();
    to.vms.insert(VmId::next_free(&from.project), vm_copy);
    let mut doc = Document::new(from.clone(), None);
    doc.apply(replace_all(&from.project, &to, "Recover autosaved work"))
        .unwrap();
    assert_eq!(*doc.project(), to);
    assert_eq!(doc.undo().as_deref(), Some("Recover autosaved work"));
    assert_eq!(*doc.project(), from.project, "{vm_id} restored");
}

/// The bottom unit each object has in a rack, recorded or placed in order.
fn units_in(project: &dcplan::model::Project, rack: RackId) -> Vec<(String, u8)> {
    rack_contents(project)[&rack]
        .mounts
        .iter()
        .map(|m| (project.name_of(m.object).unwrap().to_owned(), m.bottom))
        .collect()
}

#[test]
fn enclosures_mount_at_a_unit_and_overlaps_or_units_beyond_the_rack_are_refused() {
    let mut doc = Document::new(sample(), None);
    let (tx, rack) = add(
        doc.project(),
        NewObject::Rack,
        &DropTarget {
            site: Some(SiteId(1)),
            ..DropTarget::default()
        },
    )
    .unwrap();
    doc.apply(tx).unwrap();
    let ObjectRef::Rack(rack) = rack else {
        panic!("a rack was added: {rack:?}")
    };
    let on_rack = |unit| DropTarget {
        site: Some(SiteId(1)),
        rack: Some(rack),
        rack_unit: unit,
        ..DropTarget::default()
    };
    let (tx, first) = add(doc.project(), NewObject::Enclosure, &on_rack(Some(1))).unwrap();
    assert_eq!(tx.label, "Add enc3 to rack1 U1-U10");
    doc.apply(tx).unwrap();
    let overlap = add(doc.project(), NewObject::Enclosure, &on_rack(Some(5))).unwrap_err();
    assert_eq!(overlap, "rack1 U5-U14 overlaps enc3 at U1-U10");
    let beyond = add(doc.project(), NewObject::Enclosure, &on_rack(Some(34))).unwrap_err();
    assert_eq!(
        beyond,
        "enc4 at U34 would take U34-U43, beyond the 42 units of rack1"
    );
    for _ in 0..3 {
        let (tx, _) = add(doc.project(), NewObject::Enclosure, &on_rack(None)).unwrap();
        doc.apply(tx).unwrap();
    }
    assert_eq!(
        units_in(doc.project(), rack),
        [
            ("enc3".to_owned(), 1),
            ("enc4".to_owned(), 11),
            ("enc5".to_owned(), 21),
            ("enc6".to_owned(), 31)
        ]
    );
    let full = add(doc.project(), NewObject::Enclosure, &on_rack(None)).unwrap_err();
    assert_eq!(
        full,
        "rack1 is full: 2 of its 42 units free, none 10 together, and enc7 takes 10U"
    );
    let server = add(doc.project(), NewObject::RackServer, &on_rack(Some(41))).unwrap();
    doc.apply(server.0).unwrap();
    assert_eq!(rack_contents(doc.project())[&rack].free(), 0);
    // Moving the first enclosure into its own units again is no change; another rack's free units take it.
    let ObjectRef::Enclosure(first) = first else {
        panic!("an enclosure was added")
    };
    assert!(mount(doc.project(), first.into(), rack, Some(1)).is_err());
    let tx = mount(doc.project(), first.into(), RackId(1), None).unwrap();
    assert_eq!(tx.label, "Mount enc3 in R01 U11-U20");
    doc.apply(tx).unwrap();
    assert_eq!(doc.project().enclosures[&first].rack, Some(RackId(1)));
    assert_eq!(doc.project().enclosures[&first].unit, Some(11));
    assert_eq!(
        doc.project().enclosures[&EnclosureId(1)].unit,
        Some(1),
        "enc1, placed in order, keeps U1 now that the rack holds another"
    );
    while doc.undo().is_some() {}
    assert_eq!(doc.plan(), &sample());
}

#[test]
fn what_stays_in_a_rack_keeps_its_units_when_another_enclosure_leaves_or_is_deleted() {
    let mut doc = Document::new(sample(), None);
    // Both sample enclosures into R01: enc1 at U1 in order, enc2 above it.
    doc.apply(mount(doc.project(), EnclosureId(2).into(), RackId(1), None).unwrap())
        .unwrap();
    assert_eq!(
        units_in(doc.project(), RackId(1)),
        [("enc1".to_owned(), 1), ("enc2".to_owned(), 11)]
    );
    // Taken out, then back at U21, then enc1 deleted: enc2 stays where it was put.
    doc.apply(unmount(doc.project(), EnclosureId(2).into(), SiteId(1), None).unwrap())
        .unwrap();
    assert_eq!(doc.project().enclosures[&EnclosureId(2)].rack, None);
    doc.apply(mount(doc.project(), EnclosureId(2).into(), RackId(1), Some(21)).unwrap())
        .unwrap();
    doc.apply(cascade_delete(
        doc.project(),
        &[EnclosureId(1).into()],
        "Delete enc1",
    ))
    .unwrap();
    assert_eq!(
        units_in(doc.project(), RackId(1)),
        [("enc2".to_owned(), 21)]
    );
    // Deleting the rack leaves its enclosure on the site, without rack or unit.
    doc.apply(cascade_delete(
        doc.project(),
        &[RackId(1).into()],
        "Delete R01",
    ))
    .unwrap();
    let enc2 = &doc.project().enclosures[&EnclosureId(2)];
    assert_eq!((enc2.rack, enc2.unit), (None, None));
}

#[test]
fn a_blade_is_refused_by_a_rack() {
    let project = sample().project;
    let blade = mount(&project, HostId(1).into(), RackId(1), None).unwrap_err();
    assert!(blade.contains("is a blade"), "{blade}");
}

#[test]
fn a_put_that_breaks_what_the_object_says_is_refused_like_a_full_check_would() {
    let plan = sample();
    let project = &plan.project;
    let (&first, host) = project.hosts.iter().next().unwrap();
    let (&second, other) = project.hosts.iter().nth(1).unwrap();
    let mut dangling = host.clone();
    dangling.cluster = Some(dcplan::model::ClusterId(999));
    let mut same_bay = other.clone();
    same_bay.placement = host.placement.clone();
    let mut long_name = project.vms[&VmId(3)].clone();
    long_name.name = "x".repeat(300);
    for (what, tx) in [
        (
            "a cluster that does not exist",
            Transaction::new("t").with(Edit::put(first, ObjectValue::Host(dangling))),
        ),
        (
            "a bay another blade takes",
            Transaction::new("t").with(Edit::put(second, ObjectValue::Host(same_bay))),
        ),
        (
            "a name too long",
            Transaction::new("t").with(Edit::put(VmId(3), ObjectValue::Vm(long_name))),
        ),
    ] {
        let mut doc = Document::new(plan.clone(), None);
        let mut broken = plan.project.clone();
        for edit in tx.edits.clone() {
            edit.apply(&mut broken).unwrap();
        }
        assert!(
            !dcplan::model::check_integrity(&broken).is_empty(),
            "{what}: a full check refuses it"
        );
        assert!(
            matches!(doc.apply(tx), Err(EditError::Integrity(_))),
            "{what}: the edit path refuses it too"
        );
        assert_eq!(doc.plan(), &plan, "{what}: nothing changed");
    }
}
