//! The registry: every rule of the catalogue in one table, sorted by catalogue ID.
//! A new rule is one added line here (a test keeps the table sorted and unique).

use super::{
    Rule, RuleMeta, cap, cpu, eva, fd, feat, ft_cl, ft_ho, ft_net, ft_vm, gos, ha, hcl, ldv, lic,
    max, mix, n1k, net, ops, sto, upg, vc, vmfs, vmo,
};

/// Every rule, sorted by catalogue ID.
pub static RULES: &[&dyn Rule] = &[
    &cap::cap_01_failover_capacity_in_maintenance::CapFailoverCapacityInMaintenance,
    &cap::cap_02_admission_control_blocks_maintenance::CapAdmissionControlBlocksMaintenance,
    &cap::cap_03_ha_cluster_limits::CapHaClusterLimits,
    &cap::cap_04_ha_hosts_in_one_enclosure::CapHaHostsInOneEnclosure,
    &cap::cap_05_memory_overcommitted::CapMemoryOvercommitted,
    &cpu::cpu_evc_01_hosts_before_3_5_u2::CpuEvcHostsBefore35U2,
    &cpu::cpu_evc_02_mixed_vendors::CpuEvcMixedVendors,
    &cpu::cpu_evc_03_mode_above_host::CpuEvcModeAboveHost,
    &cpu::cpu_evc_04_bios_flags_off::CpuEvcBiosFlagsOff,
    &cpu::cpu_evc_05_mode_change_with_running_vms::CpuEvcModeChangeWithRunningVms,
    &cpu::cpu_ft_01_pair_in_different_groups::CpuFtPairInDifferentGroups,
    &cpu::cpu_ft_02_intel_amd_pair::CpuFtIntelAmdPair,
    &cpu::cpu_ft_03_pair_clock_delta::CpuFtPairClockDelta,
    &cpu::cpu_vm_01_incompatible_without_evc::CpuVmIncompatibleWithoutEvc,
    &cpu::cpu_vm_02_evc_hides_ft_groups::CpuVmEvcHidesFtGroups,
    &eva::eva_01_mixed_preferred_controllers::MixedPreferredControllers,
    &eva::eva_02_preferred_path_not_owner::PreferredPathNotOwner,
    &eva::eva_03_fixed_on_esx4::FixedOnEsx4,
    &eva::eva_04_controllers_unbalanced::ControllersUnbalanced,
    &eva::eva_05_dr_group_proxy_reads::DrGroupProxyReads,
    &eva::eva_06_not_round_robin::NotRoundRobin,
    &eva::eva_07_inconsistent_presentation::InconsistentPresentation,
    &fd::fd_01_cluster_in_one_enclosure_or_rack::FdClusterInOneEnclosureOrRack,
    &fd::fd_02_enclosure_outage_capacity::FdEnclosureOutageCapacity,
    &fd::fd_03_vms_left_on_hosts_taken_down::FdVmsLeftOnHostsTakenDown,
    &feat::feat_01_vds_host_not_ready::FeatVdsHostNotReady,
    &feat::feat_02_nexus1000v_host_not_ready::FeatNexus1000vHostNotReady,
    &feat::feat_03_host_profiles_host_not_ready::FeatHostProfilesHostNotReady,
    &feat::feat_05_hw7_devices_unsupported::FeatHw7DevicesUnsupported,
    &feat::feat_06_storage_vmotion_without_vmotion_port::FeatStorageVmotionWithoutVmotionPort,
    &feat::feat_07_evc_baseline_needs_newer_vcenter::FeatEvcBaselineNeedsNewerVcenter,
    &ft_cl::ft_cl_01_ha_disabled::FtClHaDisabled,
    &ft_cl::ft_cl_02_host_monitoring_off::FtClHostMonitoringOff,
    &ft_cl::ft_cl_03_ssl_cert_check_off::FtClSslCertCheckOff,
    &ft_cl::ft_cl_04_missing_vmkernel_ports::FtClMissingVmkernelPorts,
    &ft_cl::ft_cl_05_no_processor_group_pair::FtClNoProcessorGroupPair,
    &ft_cl::ft_cl_06_build_mismatch::FtClBuildMismatch,
    &ft_cl::ft_cl_07_storage_network_not_shared::FtClStorageNetworkNotShared,
    &ft_cl::ft_cl_08_too_few_hosts::FtClTooFewHosts,
    &ft_cl::ft_cl_09_drs_excludes_ft::FtClDrsExcludesFt,
    &ft_cl::ft_cl_13_pair_same_failure_domain::FtClPairSameFailureDomain,
    &ft_cl::ft_cl_14_ft_before_vsphere4::FtClFtBeforeVsphere4,
    &ft_ho::ft_ho_01_cpu_not_ft_capable::FtHoCpuNotFtCapable,
    &ft_ho::ft_ho_02_model_not_ft_certified::FtHoModelNotFtCertified,
    &ft_ho::ft_ho_03_hv_disabled::FtHoHvDisabled,
    &ft_ho::ft_ho_04_esx_too_old::FtHoEsxTooOld,
    &ft_ho::ft_ho_05_clock_mismatch::FtHoClockMismatch,
    &ft_ho::ft_ho_06_stepping_mix_unpatched::FtHoSteppingMixUnpatched,
    &ft_ho::ft_ho_07_power_profile::FtHoPowerProfile,
    &ft_ho::ft_ho_08_hyperthreading_mix::FtHoHyperthreadingMix,
    &ft_ho::ft_ho_09_too_many_ft_vms::FtHoTooManyFtVms,
    &ft_ho::ft_ho_10_firewall_blocks_ft::FtHoFirewallBlocksFt,
    &ft_net::ft_net_01_logging_uplink::FtNetLoggingUplink,
    &ft_net::ft_net_02_logging_load::FtNetLoggingLoad,
    &ft_net::ft_net_03_not_ipv4::FtNetNotIpv4,
    &ft_net::ft_net_04_not_isolated::FtNetNotIsolated,
    &ft_net::ft_net_05_teaming::FtNetTeaming,
    &ft_net::ft_net_06_nfs_not_dedicated::FtNetNfsNotDedicated,
    &ft_vm::ft_vm_01_multiple_vcpus::FtVmMultipleVcpus,
    &ft_vm::ft_vm_02_disk_not_eager_zeroed::FtVmDiskNotEagerZeroed,
    &ft_vm::ft_vm_03_local_storage::FtVmLocalStorage,
    &ft_vm::ft_vm_04_old_hardware_version::FtVmOldHardwareVersion,
    &ft_vm::ft_vm_05_unsupported_guest_cpu::FtVmUnsupportedGuestCpu,
    &ft_vm::ft_vm_06_barcelona_needs_power_off::FtVmBarcelonaNeedsPowerOff,
    &ft_vm::ft_vm_07_memory_too_large::FtVmMemoryTooLarge,
    &ft_vm::ft_vm_08_too_many_disks::FtVmTooManyDisks,
    &ft_vm::ft_vm_09_snapshots::FtVmSnapshots,
    &ft_vm::ft_vm_10_template_or_linked_clone::FtVmTemplateOrLinkedClone,
    &ft_vm::ft_vm_11_restart_disabled::FtVmRestartDisabled,
    &ft_vm::ft_vm_12_unsupported_devices::FtVmUnsupportedDevices,
    &ft_vm::ft_vm_13_vm_npiv::FtVmNpiv,
    &ft_vm::ft_vm_14_directpath::FtVmDirectpath,
    &ft_vm::ft_vm_15_pvscsi_vmxnet3_on_esx40::FtVmPvscsiVmxnet3OnEsx40,
    &ft_vm::ft_vm_16_vmi_or_vlance::FtVmVmiOrVlance,
    &ft_vm::ft_vm_17_shared_scsi_bus::FtVmSharedScsiBus,
    &ft_vm::ft_vm_18_hot_plug_disabled::FtVmHotPlugDisabled,
    &ft_vm::ft_vm_19_storage_vmotion_planned::FtVmStorageVmotionPlanned,
    &ft_vm::ft_vm_20_hardware_mmu_off::FtVmHardwareMmuOff,
    &ft_vm::ft_vm_21_resource_pool_memory::FtVmResourcePoolMemory,
    &gos::gos_01_guest_os_support::GosGuestOsSupport,
    &gos::gos_02_snapshots::GosSnapshots,
    &gos::gos_03_guest_reboots::GosGuestReboots,
    &ha::ha_01_policy_not_in_vcenter::HaPolicyNotInVcenter,
    &ha::ha_02_no_isolation_address::HaNoIsolationAddress,
    &ha::ha_03_isolation_response_without_redundancy::HaIsolationResponseWithoutRedundancy,
    &ha::ha_04_host_names_not_resolvable::HaHostNamesNotResolvable,
    &ha::ha_05_management_network::HaManagementNetwork,
    &ha::ha_06_management_interface_kind::HaManagementInterfaceKind,
    &ha::ha_07_management_not_ipv4::HaManagementNotIpv4,
    &ha::ha_08_ntp_sources_differ::HaNtpSourcesDiffer,
    &hcl::hcl_01_model_not_listed::HclModelNotListed,
    &hcl::hcl_02_cpu_not_64bit::HclCpuNot64Bit,
    &ldv::ldv_01_rtt_too_high::LdvRttTooHigh,
    &ldv::ldv_02_bandwidth_too_low::LdvBandwidthTooLow,
    &ldv::ldv_03_not_one_vcenter_4::LdvNotOneVcenter4,
    &ldv::ldv_04_cluster_stretched::LdvClusterStretched,
    &ldv::ldv_05_not_layer2_adjacent::LdvNotLayer2Adjacent,
    &ldv::ldv_06_no_storage_mode::LdvNoStorageMode,
    &ldv::ldv_07_clustered_rdm_vm_not_pinned::LdvClusteredRdmVmNotPinned,
    &ldv::ldv_08_network_not_validated_design::LdvNetworkNotValidatedDesign,
    &ldv::ldv_09_storage_extension::LdvStorageExtension,
    &ldv::ldv_10_traffic_trombone::LdvTrafficTrombone,
    &lic::lic_01_feature_not_in_edition::LicFeatureNotInEdition,
    &lic::lic_02_cores_above_edition_limit::LicCoresAboveEditionLimit,
    &lic::lic_03_vi3_entitlement_short::LicVi3EntitlementShort,
    &lic::lic_04_key_after_upgrade_stage::LicKeyAfterUpgradeStage,
    &lic::lic_05_evaluation_feature_not_in_key::LicEvaluationFeatureNotInKey,
    &max::max_01_vcenter_inventory::MaxVcenterInventory,
    &max::max_02_host_vm_density::MaxHostVmDensity,
    &max::max_03_host_luns_and_paths::MaxHostLunsAndPaths,
    &mix::mix_01_hw7_capacity_on_esx4_hosts::MixHw7CapacityOnEsx4Hosts,
    &mix::mix_02_ft_pair_across_releases::MixFtPairAcrossReleases,
    &mix::mix_04_features_block_remediation::MixFeaturesBlockRemediation,
    &mix::mix_05_vswitch_kind_breaks_vmotion::MixVswitchKindBreaksVmotion,
    &n1k::n1k_01_too_many_hosts::N1kTooManyHosts,
    &n1k::n1k_02_member_host_not_ready::N1kMemberHostNotReady,
    &n1k::n1k_03_vpc_host_mode_uplinks::N1kVpcHostModeUplinks,
    &net::net_01_vmotion_not_one_subnet::NetVmotionNotOneSubnet,
    &net::net_02_mtu_mismatch::NetMtuMismatch,
    &ops::ops_02_hardware_7_in_rollback_window::OpsHardware7InRollbackWindow,
    &sto::sto_01_path_not_redundant::StoPathNotRedundant,
    &sto::sto_02_hba_without_fc_module::StoHbaWithoutFcModule,
    &sto::sto_03_ldvm_datastore_not_at_both_sites::StoLdvmDatastoreNotAtBothSites,
    &sto::sto_04_zoning_misses_current_wwpn::StoZoningMissesCurrentWwpn,
    &upg::upg_01_host_ahead_of_vcenter::UpgHostAheadOfVcenter,
    &upg::upg_02_vcenter_database_unsupported::UpgVcenterDatabaseUnsupported,
    &upg::upg_03_no_licence_server::UpgNoLicenceServer,
    &upg::upg_04_vsphere_client_not_rolled_out::UpgVsphereClientNotRolledOut,
    &upg::upg_05_update_manager_behind_vcenter::UpgUpdateManagerBehindVcenter,
    &upg::upg_06_source_release_not_upgradable::UpgSourceReleaseNotUpgradable,
    &upg::upg_07_cpu_not_esx4_capable::UpgCpuNotEsx4Capable,
    &upg::upg_08_model_not_on_target_hcl::UpgModelNotOnTargetHcl,
    &upg::upg_09_boot_lun_shared::UpgBootLunShared,
    &upg::upg_10_dhcp_management::UpgDhcpManagement,
    &upg::upg_11_third_party_agents::UpgThirdPartyAgents,
    &upg::upg_12_vem_not_in_upgrade_image::UpgVemNotInUpgradeImage,
    &upg::upg_13_host_update_utility_for_clusters::UpgHostUpdateUtilityForClusters,
    &upg::upg_14_product_change::UpgProductChange,
    &upg::upg_15_in_place_upgrade_boot_partition::UpgInPlaceUpgradeBootPartition,
    &upg::upg_16_vcenter_upgrade_without_backup::UpgVcenterUpgradeWithoutBackup,
    &upg::upg_17_hardware_before_tools::UpgHardwareBeforeTools,
    &upg::upg_18_hardware_7_with_esx35_targets::UpgHardware7WithEsx35Targets,
    &upg::upg_19_vmfs_shared_across_releases::UpgVmfsSharedAcrossReleases,
    &upg::upg_20_no_pre_upgrade_check::UpgNoPreUpgradeCheck,
    &vc::vc_01_flex10_port_overcommitted::Flex10PortOvercommitted,
    &vc::vc_02_flexnics_not_paired::FlexnicsNotPaired,
    &vc::vc_03_network_on_two_flexnics::NetworkOnTwoFlexnics,
    &vc::vc_04_too_many_vlans::TooManyVlans,
    &vc::vc_05_lacp_across_modules::LacpAcrossModules,
    &vc::vc_06_no_vc_ethernet_in_bay_1_2::NoVcEthernetInBay12,
    &vc::vc_07_flexnic_without_flex10::FlexnicWithoutFlex10,
    &vc::vc_08_flexnic_esx_too_old::FlexnicEsxTooOld,
    &vc::vc_09_duplicate_address_range::DuplicateAddressRange,
    &vc::vc_10_zoning_on_wrong_wwns::ZoningOnWrongWwns,
    &vc::vc_11_vc_fc_uplinks_miscabled::VcFcUplinksMiscabled,
    &vc::vc_12_firmware_order::FirmwareOrder,
    &vc::vc_13_unsafe_vc_firmware_change::UnsafeVcFirmwareChange,
    &vc::vc_14_midplane_replaced::MidplaneReplaced,
    &vc::vc_15_flexnic_below_role_minimum::FlexnicBelowRoleMinimum,
    &vmfs::vmfs_01_disk_above_file_limit::VmfsDiskAboveFileLimit,
    &vmfs::vmfs_02_disk_too_large_to_snapshot::VmfsDiskTooLargeToSnapshot,
    &vmfs::vmfs_03_migration_target_too_small::VmfsMigrationTargetTooSmall,
    &vmo::vmo_01_no_vmotion_vmkernel::VmoNoVmotionVmkernel,
    &vmo::vmo_02_port_group_missing::VmoPortGroupMissing,
    &vmo::vmo_03_storage_not_shared::VmoStorageNotShared,
    &vmo::vmo_04_vm_tied_to_host::VmoVmTiedToHost,
    &vmo::vmo_05_hw7_vm_with_esx35_hosts::VmoHw7VmWithEsx35Hosts,
    &vmo::vmo_06_concurrent_vmotion_limit::VmoConcurrentVmotionLimit,
];

/// Every rule, sorted by catalogue ID.
pub fn rules() -> &'static [&'static dyn Rule] {
    RULES
}

/// Catalogue rows that became references (rules-v2 overlap table, one finding per fact): the rules that report
/// the fact now. `dcplan explain` names them, and a plan's override or suppression of the old ID applies to them.
pub static REFERENCES: &[(&str, &[&str])] = &[
    // FT on a host needs ESX 4.0 (FT-HO-04) and an FT-capable edition (LIC-01, which took FT-CL-10's edition gate).
    ("FEAT-04", &["FT-HO-04", "LIC-01"]),
    // The FT edition gate is one row of the vSphere 4 edition matrix that LIC-01 checks for every feature.
    ("FT-CL-10", &["LIC-01"]),
    // FT's memory reservation sizing the HA slot, and FT Secondaries counted in admission control: CAP-01's HA
    // model counts both (each Secondary a VM with the FT VM's memory reserved) and names the VM that sizes the slot.
    ("FT-CL-11", &["CAP-01"]),
    ("FT-CL-12", &["CAP-01"]),
    // An ESX 3.x host below 3.5 U2 in an EVC cluster, mixed or not.
    ("MIX-03", &["CPU-EVC-01"]),
    // Identical port-group labels on source and target, or one vDS: VMO-02 (now verified, V36).
    ("NET-03", &["VMO-02"]),
];

/// The rules reporting a catalogue row that became a reference (case-insensitive).
pub fn reference(id: &str) -> Option<&'static [&'static str]> {
    REFERENCES
        .iter()
        .find(|(old, _)| old.eq_ignore_ascii_case(id))
        .map(|(_, now)| *now)
}

/// A rule by catalogue ID (case-insensitive).
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|rule| rule.meta().id.eq_ignore_ascii_case(id))
}

/// Every rule's metadata, sorted by ID.
pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|rule| rule.meta())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_unique() {
        let ids: Vec<&str> = metas().map(|m| m.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(ids, sorted);
    }

    #[test]
    fn every_rule_is_documented() {
        for meta in metas() {
            for (what, text) in [
                ("name", meta.name),
                ("title", meta.title),
                ("checks", meta.checks),
                ("why", meta.why),
                ("example", meta.example),
                ("fix", meta.fix),
                ("source", meta.source),
            ] {
                assert!(!text.trim().is_empty(), "{} has no {what}", meta.id);
            }
            assert!(
                meta.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}: `{}` is not kebab-case",
                meta.id,
                meta.name
            );
        }
    }
}
