//! Synthetic plans at scale.
