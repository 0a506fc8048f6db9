//! Calendar days of maintenance windows ("2010-01-16"): days since 1970-01-01 and back, for the schedule and the
//! rules that count days between stages (the 60-day evaluation of LIC-04).

/// Days since 1970-01-01 of a calendar date (proleptic Gregorian).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The calendar date (year, month, day) of a day since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The day since 1970-01-01 of a date written "2010-01-16", when it reads as one.
pub fn parse_date(text: &str) -> Option<i64> {
    let mut date = text.trim().splitn(3, '-');
    let year: i64 = date.next()?.parse().ok()?;
    let month: u32 = date.next()?.parse().ok()?;
    let day: u32 = date.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || !(1900..=9999).contains(&year) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// "2010-01-16" for a day since 1970-01-01.
pub fn date_text(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{year}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_and_write_back() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        let day = parse_date("2010-01-16");
        assert_eq!(day.map(date_text).as_deref(), Some("2010-01-16"));
        // Sixty days after 16 January 2010 is 17 March 2010.
        assert_eq!(
            day.map(|d| date_text(d + 60)).as_deref(),
            Some("2010-03-17")
        );
        assert_eq!(parse_date("next saturday"), None);
        assert_eq!(parse_date("2010-13-01"), None);
    }
}
