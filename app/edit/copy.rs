//! Copies of objects (paste and duplicate) and the whole-plan replacement that recovers autosaved work.

use std::collections::BTreeSet;

use super::{Edit, ObjectValue, Transaction, taken_bays};
use crate::model::{C7000_DEVICE_BAYS, ObjectKind, ObjectRef, Placement, Project, ValueVisitor};

/// How far a copy sits from its original on the canvas, in design units along each axis.
const COPY_OFFSET: f32 = 40.0;

/// Why an object could not be copied; the other objects of the paste are still copied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CopyRefused {
    #[error(
        "Only hosts, VMs, enclosures, clusters, networks, LUNs, arrays and vCenters can be copied"
    )]
    NotCopyable,
    #[error("{enclosure} is full: the copy of {host} has no free bay")]
    NoFreeBay { enclosure: String, host: String },
}

/// The objects a paste adds and the objects it refused.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Paste {
    /// One put per copy, labelled "{verb} N objects".
    pub transaction: Transaction,
    /// The copies, to select once the transaction is applied.
    pub created: Vec<ObjectRef>,
    pub refused: Vec<CopyRefused>,
}

/// Copies of `values` added to `project`: new IDs, "-copy" names, offset on the canvas, blades in free bays.
pub fn paste(project: &Project, values: Vec<ObjectValue>, verb: &str) -> Paste {
    let mut scratch = project.clone();
    let mut paste = Paste {
        transaction: Transaction::new(format!(
            "{verb} {} object{}",
            values.len(),
            if values.len() == 1 { "" } else { "s" }
        )),
        ..Paste::default()
    };
    for value in values {
        match copy_into(&mut scratch, value) {
            Ok((object, value)) => {
                paste.transaction.push(Edit::put(object, value));
                paste.created.push(object);
            }
            Err(refused) => paste.refused.push(refused),
        }
    }
    paste
}

/// Gives a copied object a new ID, a new name and, for blades, a free bay; offsets its canvas position; adds it
/// to `project` so the next copy gets the next ID and bay.
fn copy_into(
    project: &mut Project,
    mut value: ObjectValue,
) -> Result<(ObjectRef, ObjectValue), CopyRefused> {
    // VMs are not drawn on the canvas: a position one may carry stays as it was.
    let drawn = !matches!(value, ObjectValue::Vm(_));
    match &mut value {
        ObjectValue::Host(host) => {
            if let Placement::Blade { enclosure, .. } = host.placement {
                let taken = taken_bays(project, enclosure);
                let bay = (1..=C7000_DEVICE_BAYS)
                    .find(|b| !taken.contains(b))
                    .ok_or_else(|| CopyRefused::NoFreeBay {
                        enclosure: project
                            .enclosures
                            .get(&enclosure)
                            .map_or("the enclosure", |e| e.name.as_str())
                            .to_owned(),
                        host: host.name.clone(),
                    })?;
                host.placement = Placement::Blade { enclosure, bay };
            }
        }
        // A copy is no one's fault-tolerance partner, and a copied enclosure joins no Virtual Connect domain.
        ObjectValue::Vm(vm) => vm.ft = None,
        ObjectValue::Enclosure(enclosure) => enclosure.vc_domain = None,
        ObjectValue::Cluster(_)
        | ObjectValue::Network(_)
        | ObjectValue::Lun(_)
        | ObjectValue::Array(_)
        | ObjectValue::Vcenter(_) => {}
        _ => return Err(CopyRefused::NotCopyable),
    }
    let name = value.name_mut();
    *name = format!("{name}-copy");
    if drawn && let Some(Some(position)) = value.position_mut() {
        position.x += COPY_OFFSET;
        position.y += COPY_OFFSET;
    }
    Ok(value.visit(AddUnderNewId { project }))
}

/// Adds a value under the next free ID of its kind.
struct AddUnderNewId<'a> {
    project: &'a mut Project,
}

impl ValueVisitor for AddUnderNewId<'_> {
    type Output = (ObjectRef, ObjectValue);

    fn visit<K: ObjectKind>(self, value: K::Value) -> Self::Output {
        let id = K::next_free(self.project);
        K::collection_mut(self.project).insert(id, value.clone());
        (id.into(), K::into_value(value))
    }
}

/// A transaction that turns `from` into `to` object by object, as one undo step labelled `label`.
pub fn replace_all(from: &Project, to: &Project, label: &str) -> Transaction {
    let mut tx = Transaction::new(label);
    tx.push(Edit::Describe {
        name: to.name.clone(),
        description: to.description.clone(),
    });
    let objects: BTreeSet<ObjectRef> = from.objects().chain(to.objects()).collect();
    for object in objects {
        let before = ObjectValue::of(from, object);
        let after = ObjectValue::of(to, object);
        if before != after {
            tx.push(match after {
                Some(value) => Edit::put(object, value),
                None => Edit::remove(object),
            });
        }
    }
    tx
}
