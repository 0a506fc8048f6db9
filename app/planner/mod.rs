//! The upgrade planner: the auto-plan, the projection of the estate through each stage, and the simulation that
//! checks every projected state with the rule engine.

pub mod admission;
pub mod auto;
pub mod capacity;
pub mod console;
pub mod describe;
pub mod licensing;
pub mod operation;
pub mod projection;
pub mod reboots;
pub mod report;
pub mod simulate;
pub mod timing;

pub use auto::{auto_plan, auto_plan_and_start, saved_or_auto};
pub use capacity::{ClusterCapacity, cluster_capacity};
pub use simulate::{
    MomentInfo, OperationOutcome, ReplayEvent, Simulation, StageFinding, StageOutcome, WaveOutcome,
    moments, replay, simulate, simulate_with, state_after, state_at,
};
