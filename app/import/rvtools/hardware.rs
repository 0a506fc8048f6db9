//! Reading the free-text values of an export: CPU model strings into vendor, SKU and processor series, product
//! version strings ("VMware ESXi 6.0.0 build-4192238") into product, release and build, EVA controller models and
//! licence edition names.

use crate::model::{CpuVendor, EsxProduct, LicenceEdition, Release};

/// What a CPU model string says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CpuIdentity {
    pub vendor: CpuVendor,
    /// The vendor was named in the string (not assumed).
    pub vendor_known: bool,
    /// The SKU as VMware's tables write it, e.g. "Xeon E5-2680", or the cleaned string when no SKU is found.
    pub model_name: String,
    /// The processor series, e.g. "Xeon 5600", "Opteron 2300", "Xeon E5-2600 v3", when the SKU has a known shape.
    pub series: Option<String>,
}

/// Reads a CPU model string as ESX reports it, e.g. "Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz".
pub fn identify_cpu(raw: &str) -> CpuIdentity {
    let lower = raw.to_ascii_lowercase();
    let (vendor, vendor_known) =
        if lower.contains("amd") || lower.contains("opteron") || lower.contains("epyc") {
            (CpuVendor::Amd, true)
        } else if lower.contains("intel") || lower.contains("xeon") {
            (CpuVendor::Intel, true)
        } else {
            (CpuVendor::Intel, false)
        };
    let cleaned = raw
        .replace("(R)", " ")
        .replace("(r)", " ")
        .replace("(TM)", " ")
        .replace("(tm)", " ");
    let before_clock = cleaned.split('@').next().unwrap_or_default();
    let words: Vec<&str> = before_clock
        .split_whitespace()
        .filter(|word| {
            let lower = word.to_ascii_lowercase();
            !matches!(
                lower.as_str(),
                "cpu" | "processor" | "intel" | "amd" | "genuine" | "0"
            ) && !lower.ends_with("-core")
        })
        .collect();
    let (model_name, series) = xeon(&words)
        .or_else(|| opteron(&words))
        .unwrap_or_else(|| (words.join(" "), None));
    CpuIdentity {
        vendor,
        vendor_known,
        model_name,
        series,
    }
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Xeon SKUs: "E5450" (series "Xeon 5400"), "E5-2680" + "v3" ("Xeon E5-2600 v3"), "Gold 5218" ("Xeon Gold 5200").
fn xeon(words: &[&str]) -> Option<(String, Option<String>)> {
    let at = words.iter().position(|w| w.eq_ignore_ascii_case("xeon"))?;
    let rest = words.get(at + 1..).unwrap_or_default();
    let Some(&sku) = rest.first() else {
        return Some(("Xeon".to_owned(), None));
    };
    let letter = sku.chars().next().filter(char::is_ascii_alphabetic);
    let digits = sku.get(1..).unwrap_or_default();
    // Classic four-digit SKUs: the first two digits name the series.
    if letter.is_some() && digits.len() == 4 && is_digits(digits) {
        let series = format!("Xeon {}00", digits.get(..2).unwrap_or_default());
        return Some((format!("Xeon {sku}"), Some(series)));
    }
    // E3/E5/E7 SKUs with a version suffix: v1 has none.
    if let Some((family, number)) = sku.split_once('-')
        && family.len() == 2
        && number.len() >= 4
        && is_digits(number.get(..4).unwrap_or_default())
    {
        let version = rest
            .get(1)
            .filter(|w| w.len() == 2 && w.starts_with(['v', 'V']))
            .map(|w| format!(" {}", w.to_ascii_lowercase()))
            .unwrap_or_default();
        let series = format!(
            "Xeon {family}-{}00{version}",
            number.get(..2).unwrap_or_default()
        );
        return Some((format!("Xeon {sku}{version}"), Some(series)));
    }
    // Xeon Scalable: "Gold 5218" in the "Gold 5200" generation.
    if matches!(
        sku.to_ascii_lowercase().as_str(),
        "bronze" | "silver" | "gold" | "platinum"
    ) && let Some(&number) = rest.get(1)
        && number.len() >= 4
        && is_digits(number.get(..4).unwrap_or_default())
    {
        // Intel's case ("Gold"), whatever the export's ("GOLD", "gold").
        let tier = title_case(sku);
        let series = format!("Xeon {tier} {}00", number.get(..2).unwrap_or_default());
        return Some((format!("Xeon {tier} {number}"), Some(series)));
    }
    Some((format!("Xeon {}", rest.join(" ")), None))
}

/// A word with its first letter upper case and the rest lower case: "GOLD" is "Gold".
fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect()
    })
}

/// Opteron SKUs: "2384" (series "Opteron 2300"), "275" ("Opteron 200").
fn opteron(words: &[&str]) -> Option<(String, Option<String>)> {
    let at = words
        .iter()
        .position(|w| w.eq_ignore_ascii_case("opteron"))?;
    let Some(&sku) = words.get(at + 1) else {
        return Some(("Opteron".to_owned(), None));
    };
    let number: String = sku.chars().take_while(char::is_ascii_digit).collect();
    let series = match number.len() {
        4 => Some(format!("Opteron {}00", number.get(..2).unwrap_or_default())),
        3 => Some(format!("Opteron {}00", number.get(..1).unwrap_or_default())),
        _ => None,
    };
    Some((format!("Opteron {sku}"), series))
}

/// What a product version string says: "VMware ESXi 6.0.0 build-4192238", "VMware vCenter Server 8.0.3
/// build-24262322", "8.0.3".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProductVersion {
    /// ESX or ESXi, when the string names one.
    pub product: Option<EsxProduct>,
    pub release: Release,
    /// The string gave an Update level ("Update 4", "U4").
    pub has_update: bool,
    pub build: Option<u32>,
}

/// Reads a product version string; `None` when it holds no version number a [`Release`] can hold.
pub fn parse_version(text: &str) -> Option<ProductVersion> {
    let lower = text.to_ascii_lowercase();
    let product = if lower.contains("esxi") {
        Some(EsxProduct::Esxi)
    } else if lower.contains("esx") {
        Some(EsxProduct::Esx)
    } else {
        None
    };
    let words: Vec<&str> = lower.split_whitespace().collect();
    let numbers = words
        .iter()
        .find(|w| w.contains('.') && w.split('.').all(is_digits))?;
    let mut parts = numbers.split('.').map(|p| p.parse::<u8>().ok());
    let major = parts.next().flatten()?;
    let minor = parts.next().flatten()?;
    let patch = parts.next().flatten().unwrap_or(0);
    let mut update = None;
    for (index, word) in words.iter().enumerate() {
        if *word == "update" {
            update = words.get(index + 1).and_then(|n| n.parse::<u8>().ok());
        } else if let Some(digits) = word.strip_prefix('u')
            && is_digits(digits)
        {
            update = digits.parse::<u8>().ok();
        }
    }
    let build = words.iter().enumerate().find_map(|(index, word)| {
        if let Some(digits) = word.strip_prefix("build-") {
            digits.parse::<u32>().ok()
        } else if *word == "build" {
            words.get(index + 1).and_then(|n| n.parse::<u32>().ok())
        } else {
            None
        }
    });
    Some(ProductVersion {
        product,
        release: Release {
            major,
            minor,
            patch,
            update: update.unwrap_or(0),
        },
        has_update: update.is_some(),
        build,
    })
}

/// The EVA model of an HP HSV controller as multipathing reports it ("HSV300" is an EVA 4400).
pub fn eva_model(controller: &str) -> Option<&'static str> {
    let controller = controller.trim().to_ascii_uppercase();
    Some(match controller.as_str() {
        "HSV100" | "HSV101" => "EVA 3000",
        "HSV110" | "HSV111" => "EVA 5000",
        "HSV200" => "EVA 4000/6000",
        "HSV210" => "EVA 8000/8100",
        "HSV300" => "EVA 4400",
        "HSV400" => "EVA 6400",
        "HSV450" => "EVA 8400",
        "HSV340" => "P6300 EVA",
        "HSV360" => "P6500 EVA",
        _ => return None,
    })
}

/// The host edition a licence name gives ("VMware vSphere 6 Enterprise Plus"); `None` for other products (vCenter
/// Server, add-ons) and unknown names.
pub fn host_edition(name: &str) -> Option<LicenceEdition> {
    let lower = name.to_ascii_lowercase();
    let host_product = lower.contains("vsphere") || lower.contains("esx");
    if !host_product || lower.contains("vcenter") {
        return None;
    }
    Some(if lower.contains("enterprise plus") {
        LicenceEdition::EnterprisePlus
    } else if lower.contains("enterprise") {
        LicenceEdition::Enterprise
    } else if lower.contains("advanced") {
        LicenceEdition::Advanced
    } else if lower.contains("essentials plus") {
        LicenceEdition::EssentialsPlus
    } else if lower.contains("essentials") {
        LicenceEdition::Essentials
    } else if lower.contains("foundation") {
        LicenceEdition::Foundation
    } else if lower.contains("standard") {
        LicenceEdition::Standard
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpu(raw: &str) -> (String, Option<String>) {
        let identity = identify_cpu(raw);
        (identity.model_name, identity.series)
    }

    #[test]
    fn xeon_model_strings_give_sku_and_series() {
        assert_eq!(
            cpu("Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz"),
            ("Xeon E5-2680".to_owned(), Some("Xeon E5-2600".to_owned()))
        );
        assert_eq!(
            cpu("Intel(R) Xeon(R) CPU E5-2667 v3 @ 3.20GHz"),
            (
                "Xeon E5-2667 v3".to_owned(),
                Some("Xeon E5-2600 v3".to_owned())
            )
        );
        assert_eq!(
            cpu("Intel(R) Xeon(R) CPU           X5675  @ 3.07GHz"),
            ("Xeon X5675".to_owned(), Some("Xeon 5600".to_owned()))
        );
        assert_eq!(
            cpu("Intel(R) Xeon(R) CPU           E5450  @ 3.00GHz"),
            ("Xeon E5450".to_owned(), Some("Xeon 5400".to_owned()))
        );
        assert_eq!(
            cpu("Intel(R) Xeon(R) Gold 5218 CPU @ 2.30GHz"),
            (
                "Xeon Gold 5218".to_owned(),
                Some("Xeon Gold 5200".to_owned())
            )
        );
    }

    #[test]
    fn opteron_model_strings_give_sku_and_series() {
        let identity = identify_cpu("Quad-Core AMD Opteron(tm) Processor 2384");
        assert_eq!(identity.vendor, CpuVendor::Amd);
        assert_eq!(identity.model_name, "Opteron 2384");
        assert_eq!(identity.series.as_deref(), Some("Opteron 2300"));
        assert_eq!(
            cpu("AMD Opteron(tm) Processor 275").1.as_deref(),
            Some("Opteron 200")
        );
    }

    #[test]
    fn unknown_cpus_keep_their_text() {
        let identity = identify_cpu("Mystery chip 9000");
        assert!(!identity.vendor_known);
        assert_eq!(identity.model_name, "Mystery chip 9000");
        assert_eq!(identity.series, None);
    }

    #[test]
    fn version_strings_give_product_release_and_build() {
        let esxi = parse_version("VMware ESXi 6.0.0 build-4192238").unwrap();
        assert_eq!(esxi.product, Some(EsxProduct::Esxi));
        assert_eq!(esxi.release.to_string(), "6.0");
        assert_eq!(esxi.build, Some(4_192_238));
        let esx = parse_version("VMware ESX 3.5.0 build-153875").unwrap();
        assert_eq!(esx.product, Some(EsxProduct::Esx));
        assert!(!esx.has_update);
        let vc = parse_version("VMware vCenter Server 8.0.3 build-24262322").unwrap();
        assert_eq!(vc.product, None);
        assert_eq!(vc.release.to_string(), "8.0.3");
        assert_eq!(
            parse_version("4.0 Update 1").unwrap().release.to_string(),
            "4.0 U1"
        );
        assert_eq!(
            parse_version("8.0.3.0").unwrap().release.to_string(),
            "8.0.3"
        );
        assert!(parse_version("unknown").is_none());
        assert!(parse_version("999.1").is_none());
    }

    #[test]
    fn licence_names_give_host_editions() {
        assert_eq!(
            host_edition("VMware vSphere 6 Enterprise Plus"),
            Some(LicenceEdition::EnterprisePlus)
        );
        assert_eq!(host_edition("VMware vCenter Server 6 Standard"), None);
        assert_eq!(
            host_edition("VMware ESX Server 3 Standard"),
            Some(LicenceEdition::Standard)
        );
    }
}
