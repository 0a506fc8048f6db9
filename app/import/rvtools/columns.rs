//! The RVTools tabs and columns the import reads, found by header name (never by position), and how a cell's
//! value is read as text, a number or a boolean whatever type the file gave it.
//!
//! Header names are compared normalized: trimmed, case-insensitive, runs of spaces as one, and the binary units
//! older RVTools wrote (`MB`, `KB`) the same as the newer spellings (`MiB`, `KiB`): the values are the same.

use std::borrow::Cow;

use super::workbook::Cell;

/// A tab to read and, for each column the mapping uses, the header names it goes by (the first found wins).
#[derive(Clone, Copy, Debug)]
pub struct TabSchema {
    /// The canonical tab name, e.g. "vInfo".
    pub tab: &'static str,
    pub columns: &'static [&'static [&'static str]],
}

/// A column of one tab's schema.
pub trait Column: Copy {
    /// Its position in the schema (and in each row's cells).
    fn index(self) -> usize;
    /// The header name users know it by, for messages.
    fn header(self) -> &'static str;
}

/// A header as compared: trimmed, lower case, single spaces, `MiB`/`KiB`/`GiB` written `mb`/`kb`/`gb`.
pub fn normalize_header(header: &str) -> String {
    let mut normalized = String::with_capacity(header.len());
    for word in header.split_whitespace() {
        if !normalized.is_empty() {
            normalized.push(' ');
        }
        let lower = word.to_lowercase();
        normalized.push_str(match lower.as_str() {
            "mib" => "mb",
            "kib" => "kb",
            "gib" => "gb",
            other => other,
        });
    }
    normalized
}

macro_rules! tab_columns {
    ($(#[$doc:meta])* $name:ident = $tab:literal { $($variant:ident => [$($alias:literal),+ $(,)?]),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($variant),*
        }

        impl $name {
            pub const SCHEMA: TabSchema = TabSchema {
                tab: $tab,
                columns: &[$(&[$($alias),+]),*],
            };
        }

        impl Column for $name {
            fn index(self) -> usize {
                self as usize
            }

            fn header(self) -> &'static str {
                Self::SCHEMA
                    .columns
                    .get(self as usize)
                    .and_then(|aliases| aliases.first())
                    .copied()
                    .unwrap_or_default()
            }
        }
    };
}

tab_columns! {
    /// vInfo: one row per VM.
    VInfo = "vInfo" {
        Vm => ["VM"],
        Power => ["Powerstate", "Power state"],
        Connection => ["Connection state"],
        Template => ["Template"],
        Cpus => ["CPUs", "Num CPU"],
        Memory => ["Memory"],
        HwVersion => ["HW version", "Hardware version", "VM Version"],
        Datacenter => ["Datacenter"],
        Cluster => ["Cluster"],
        Host => ["Host"],
        OsConfig => ["OS according to the configuration file", "OS"],
        OsTools => ["OS according to the VMware Tools"],
        FtState => ["FT State"],
        FtRole => ["FT Role"],
        VmId => ["VM ID"],
        VmUuid => ["VM UUID"],
        SdkServer => ["VI SDK Server"],
        SdkServerType => ["VI SDK Server type"],
        Network1 => ["Network #1"],
        Network2 => ["Network #2"],
        Network3 => ["Network #3"],
        Network4 => ["Network #4"],
        Network5 => ["Network #5"],
        Network6 => ["Network #6"],
        Network7 => ["Network #7"],
        Network8 => ["Network #8"],
    }
}

impl VInfo {
    /// The `Network #n` columns, used for NICs when the export has no vNetwork tab.
    pub const NETWORKS: [Self; 8] = [
        Self::Network1,
        Self::Network2,
        Self::Network3,
        Self::Network4,
        Self::Network5,
        Self::Network6,
        Self::Network7,
        Self::Network8,
    ];
}

tab_columns! {
    /// vCPU: one row per VM.
    VCpu = "vCPU" {
        Vm => ["VM"],
        Cpus => ["CPUs"],
        Reservation => ["Reservation"],
        HotAdd => ["Hot Add"],
        VmId => ["VM ID"],
        VmUuid => ["VM UUID"],
    }
}

tab_columns! {
    /// vMemory: one row per VM; sizes in MB.
    VMemory = "vMemory" {
        Vm => ["VM"],
        Size => ["Size MB", "Size"],
        Reservation => ["Reservation"],
        HotAdd => ["Hot Add"],
        VmId => ["VM ID"],
        VmUuid => ["VM UUID"],
    }
}

tab_columns! {
    /// vDisk: one row per virtual disk.
    VDisk = "vDisk" {
        Vm => ["VM"],
        Disk => ["Disk"],
        Capacity => ["Capacity MB"],
        Raw => ["Raw"],
        Thin => ["Thin"],
        EagerlyScrub => ["Eagerly Scrub"],
        RawMode => ["Raw Comp. Mode", "Raw Comp Mode"],
        Path => ["Path"],
        Controller => ["Controller"],
        SharedBus => ["Shared Bus"],
        VmId => ["VM ID"],
        VmUuid => ["VM UUID"],
    }
}

tab_columns! {
    /// vNetwork: one row per virtual NIC.
    VNetwork = "vNetwork" {
        Vm => ["VM"],
        Adapter => ["Adapter"],
        Network => ["Network", "Portgroup"],
        VmId => ["VM ID"],
        VmUuid => ["VM UUID"],
    }
}

tab_columns! {
    /// vSnapshot: one row per snapshot.
    VSnapshot = "vSnapshot" {
        Vm => ["VM"],
        VmId => ["VM ID"],
        VmUuid => ["VM UUID"],
    }
}

tab_columns! {
    /// vTools: one row per VM.
    VTools = "vTools" {
        Vm => ["VM"],
        Tools => ["Tools", "Tools Status"],
        Upgradeable => ["Upgradeable"],
        VmId => ["VM ID"],
        VmUuid => ["VM UUID"],
    }
}

tab_columns! {
    /// vSource: the server RVTools read (a vCenter, or an ESX host read directly).
    VSource = "vSource" {
        // The server's name (RVTools 3 and later) identifies the vCenter; `Name` is the product's name there.
        Server => ["VI SDK Server", "Server"],
        Name => ["Name"],
        Fullname => ["Fullname", "Full name"],
        Version => ["Version"],
        Build => ["Build"],
        ApiType => ["API type"],
    }
}

tab_columns! {
    /// vMetaData: the RVTools version and the server it read.
    VMetaData = "vMetaData" {
        Server => ["Server", "VI SDK Server"],
    }
}

tab_columns! {
    /// vCluster: one row per cluster, with HA and DRS settings.
    VCluster = "vCluster" {
        Name => ["Name", "Cluster"],
        Datacenter => ["Datacenter"],
        HaEnabled => ["HA enabled"],
        FailoverLevel => ["Failover Level"],
        AdmissionControl => ["AdmissionControlEnabled", "Admission Control Enabled"],
        HostMonitoring => ["Host monitoring"],
        DrsEnabled => ["DRS enabled"],
        DpmEnabled => ["DPM enabled"],
    }
}

tab_columns! {
    /// vHost: one row per ESX host.
    VHost = "vHost" {
        Host => ["Host"],
        Datacenter => ["Datacenter"],
        Cluster => ["Cluster"],
        CpuModel => ["CPU Model"],
        Speed => ["Speed"],
        HtActive => ["HT Active"],
        Sockets => ["# CPU"],
        CoresPerCpu => ["Cores per CPU"],
        Cores => ["# Cores"],
        Memory => ["# Memory"],
        EsxVersion => ["ESX Version"],
        Vendor => ["Vendor"],
        Model => ["Model"],
        CurrentEvc => ["Current EVC"],
        Dhcp => ["DHCP"],
        InMaintenance => ["in Maintenance Mode", "Maintenance Mode"],
        // The licence assigned to the host: its key or its name, joined to vLicense (a key is never kept).
        AssignedLicence => ["Assigned License(s)", "Assigned License", "Assigned Licence", "Assigned Licence(s)"],
    }
}

tab_columns! {
    /// vHBA: one row per host bus adapter.
    VHba = "vHBA" {
        Host => ["Host"],
    }
}

tab_columns! {
    /// vNIC: one row per physical NIC of a host.
    VNic = "vNIC" {
        Host => ["Host"],
        Device => ["Network Device", "Device"],
        Speed => ["Speed"],
    }
}

tab_columns! {
    /// vSwitch: one row per standard vSwitch of a host.
    VSwitch = "vSwitch" {
        Host => ["Host"],
        Switch => ["Switch", "Name"],
    }
}

tab_columns! {
    /// dvSwitch: one row per distributed switch.
    DvSwitch = "dvSwitch" {
        Switch => ["Switch", "Name"],
        HostMembers => ["Host members"],
    }
}

tab_columns! {
    /// vSC_VMK: one row per VMkernel (or service console) port.
    VScVmk = "vSC_VMK" {
        Host => ["Host"],
        PortGroup => ["Port Group", "Portgroup"],
        Device => ["Device"],
        Ip => ["IP Address"],
        SubnetMask => ["Subnet mask"],
        Gateway => ["Gateway"],
    }
}

tab_columns! {
    /// vDatastore: one row per datastore.
    VDatastore = "vDatastore" {
        Name => ["Name"],
        Type => ["Type"],
        Address => ["Address"],
        Url => ["URL"],
        Hosts => ["Hosts"],
        Datacenter => ["Datacenter"],
        Capacity => ["Capacity MB"],
        Provisioned => ["Provisioned MB"],
        Free => ["Free MB"],
    }
}

tab_columns! {
    /// vMultiPath: one row per LUN per host, with the path selection policy.
    VMultiPath = "vMultiPath" {
        Host => ["Host"],
        Disk => ["Disk"],
        DisplayName => ["Display name"],
        Policy => ["Policy"],
        Vendor => ["Vendor"],
        Model => ["Model"],
        Datastore => ["Datastore"],
        Path1 => ["Path 1"],
        Capacity => ["Capacity MB"],
    }
}

tab_columns! {
    /// vLicense: one row per licence key (the key itself is never kept).
    VLicense = "vLicense" {
        Name => ["Name"],
        Key => ["Key"],
    }
}

tab_columns! {
    /// vPort: one row per port group of a standard vSwitch on a host, with its VLAN.
    VPort = "vPort" {
        Host => ["Host"],
        PortGroup => ["Port Group", "Portgroup"],
        Switch => ["Switch"],
        Vlan => ["VLAN"],
    }
}

tab_columns! {
    /// dvPort: one row per distributed port group, with its switch and VLAN.
    DvPort = "dvPort" {
        Port => ["Port", "Port Group", "Portgroup"],
        Switch => ["Switch"],
        Vlan => ["VLAN"],
    }
}

/// Every tab the import reads, in the order the report lists them.
pub const SCHEMAS: [TabSchema; 21] = [
    VInfo::SCHEMA,
    VCpu::SCHEMA,
    VMemory::SCHEMA,
    VDisk::SCHEMA,
    VNetwork::SCHEMA,
    VSnapshot::SCHEMA,
    VTools::SCHEMA,
    VSource::SCHEMA,
    VCluster::SCHEMA,
    VHost::SCHEMA,
    VHba::SCHEMA,
    VNic::SCHEMA,
    VSwitch::SCHEMA,
    VPort::SCHEMA,
    DvSwitch::SCHEMA,
    DvPort::SCHEMA,
    VScVmk::SCHEMA,
    VDatastore::SCHEMA,
    VMultiPath::SCHEMA,
    VLicense::SCHEMA,
    VMetaData::SCHEMA,
];

/// A cell that holds something other than the type its column needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrongType {
    /// The value as the file wrote it.
    pub value: String,
    /// What the column needs: "a number", "True or False".
    pub expected: &'static str,
}

impl Cell {
    /// The value as text, trimmed; `None` for an empty cell. Numbers print without a trailing `.0`.
    pub fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Self::Empty => None,
            Self::Text(text) => {
                let text = text.trim();
                (!text.is_empty()).then_some(Cow::Borrowed(text))
            }
            Self::Number(value) => Some(Cow::Owned(format_number(*value))),
            Self::Date(serial) => Some(Cow::Owned(format_date(*serial))),
            Self::Bool(value) => Some(Cow::Borrowed(if *value { "True" } else { "False" })),
            Self::Error(code) => Some(Cow::Borrowed(code)),
        }
    }

    /// The value as a number: numbers as they are, text with thousands separators ("1,024", "1 024") read.
    pub fn number(&self) -> Result<Option<f64>, WrongType> {
        let wrong = || WrongType {
            value: self.text().map(Cow::into_owned).unwrap_or_default(),
            expected: "a number",
        };
        match self {
            Self::Empty => Ok(None),
            Self::Number(value) => Ok(Some(*value)),
            Self::Text(text) => parse_number(text).map(Some).ok_or_else(wrong),
            Self::Bool(_) | Self::Date(_) | Self::Error(_) => Err(wrong()),
        }
    }

    /// The value as a boolean: real booleans, or the text True/False (yes/no, 1/0, enabled/disabled).
    pub fn boolean(&self) -> Result<Option<bool>, WrongType> {
        let wrong = || WrongType {
            value: self.text().map(Cow::into_owned).unwrap_or_default(),
            expected: "True or False",
        };
        match self {
            Self::Empty => Ok(None),
            Self::Bool(value) => Ok(Some(*value)),
            Self::Number(value) if *value == 0.0 => Ok(Some(false)),
            Self::Number(value) if *value == 1.0 => Ok(Some(true)),
            Self::Text(text) => match text.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" | "enabled" | "on" => Ok(Some(true)),
                "false" | "no" | "0" | "disabled" | "off" => Ok(Some(false)),
                _ => Err(wrong()),
            },
            _ => Err(wrong()),
        }
    }
}

/// A number as people write it: integers without a fraction.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

/// An Excel date-time serial (days since 1899-12-30, the fraction the time of day) as people read it:
/// `2009-09-01` or `2009-09-01 14:30`. Serials out of any sensible range print as the number.
pub fn format_date(serial: f64) -> String {
    if !(0.0..=2_958_465.0).contains(&serial) {
        return format_number(serial);
    }
    let days = serial.floor() as i64;
    let minutes = ((serial - serial.floor()) * 1440.0).round() as i64;
    // Days from 1899-12-30 to 1970-01-01, then the civil date of a day count (H. Hinnant's days_from_civil
    // inverse), which no dependency of the importer offers without pulling in a date library.
    let z = days - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let (hour, minute) = (minutes.min(1439) / 60, minutes.min(1439) % 60);
    if hour == 0 && minute == 0 {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}")
    }
}

/// Reads a number written with thousands separators (`1,024`, `1 024`, `1.024.000`) or a decimal comma (`2,5`).
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    if !cleaned.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let finite = |text: &str| text.parse::<f64>().ok().filter(|v| v.is_finite());
    if let Some(value) = finite(&cleaned) {
        return Some(value);
    }
    let last_comma = cleaned.rfind(',');
    let last_dot = cleaned.rfind('.');
    let plain = match (last_comma, last_dot) {
        // 1.234,5: dots group thousands, the comma is the decimal point.
        (Some(comma), Some(dot)) if comma > dot => cleaned.replace('.', "").replace(',', "."),
        // 1,234.5
        (Some(_), Some(_)) => cleaned.replace(',', ""),
        (Some(_), None) if groups_of_three(&cleaned, ',') => cleaned.replace(',', ""),
        (Some(_), None) if cleaned.matches(',').count() == 1 => cleaned.replace(',', "."),
        (None, Some(_)) if groups_of_three(&cleaned, '.') => cleaned.replace('.', ""),
        _ => return None,
    };
    finite(&plain)
}

/// Every group after the first separator has three digits: `1,024`, `12,345,678`.
fn groups_of_three(text: &str, separator: char) -> bool {
    let mut groups = text.split(separator);
    let first = groups.next().unwrap_or_default();
    let first_ok = !first.is_empty()
        && first.len() <= 4
        && first
            .trim_start_matches(['-', '+'])
            .bytes()
            .all(|b| b.is_ascii_digit());
    first_ok && groups.all(|group| group.len() == 3 && group.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_compare_without_case_spaces_or_binary_unit_spelling() {
        assert_eq!(normalize_header("Free % "), "free %");
        assert_eq!(
            normalize_header("Total disk capacity MiB"),
            normalize_header("Total disk capacity MB")
        );
        assert_eq!(normalize_header(" Video  Ram KiB"), "video ram kb");
    }

    #[test]
    fn date_serials_read_as_dates() {
        assert_eq!(format_date(40_057.0), "2009-09-01");
        assert_eq!(format_date(40_057.604_166_7), "2009-09-01 14:30");
        assert_eq!(format_date(1.0), "1899-12-31");
        assert_eq!(format_date(61.0), "1900-03-01");
        assert_eq!(format_date(-3.0), "-3");
        assert_eq!(
            Cell::Date(40_000.5).text().as_deref(),
            Some("2009-07-06 12:00")
        );
    }

    #[test]
    fn numbers_with_separators_are_read() {
        assert_eq!(parse_number("1,024"), Some(1024.0));
        assert_eq!(parse_number("12,345,678"), Some(12_345_678.0));
        assert_eq!(parse_number("1 024"), Some(1024.0));
        assert_eq!(parse_number("1.234,5"), Some(1234.5));
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number("2,5"), Some(2.5));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("1,2,3"), None);
    }

    #[test]
    fn booleans_arrive_as_text_numbers_or_booleans() {
        assert_eq!(Cell::Text("True".into()).boolean(), Ok(Some(true)));
        assert_eq!(Cell::Text(" false ".into()).boolean(), Ok(Some(false)));
        assert_eq!(Cell::Bool(true).boolean(), Ok(Some(true)));
        assert_eq!(Cell::Number(0.0).boolean(), Ok(Some(false)));
        assert!(Cell::Text("maybe".into()).boolean().is_err());
    }

    #[test]
    fn every_schema_column_has_a_header() {
        for schema in SCHEMAS {
            for aliases in schema.columns {
                assert!(!aliases.is_empty(), "{}", schema.tab);
            }
        }
        assert_eq!(VInfo::Memory.header(), "Memory");
    }
}
