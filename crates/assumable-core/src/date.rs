//! Dates as IAM's Date condition operators read them, and the civil-calendar
//! arithmetic behind them. Below both `condition` (the Date operators) and
//! `context` (`aws:CurrentTime`/`aws:EpochTime`), so neither imports the other.

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// A fixed-width run of digits at the start of `text`.
fn take_digits(text: &str, count: usize) -> Option<(i64, &str)> {
    let digits = text.get(..count)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, text.get(count..)?))
}

/// Milliseconds since the epoch of a date as IAM's Date operators accept it:
/// the W3C profile of ISO 8601 (`2026`, `2026-11`, `2026-11-22`,
/// `2026-11-22T10:00:00Z`, with optional seconds, fraction and `Z`/`±hh:mm`
/// offset; no offset means UTC) or epoch seconds. Four digits alone are a
/// year, as the W3C profile reads them, not 2,026 seconds after 1970.
/// <https://www.w3.org/TR/NOTE-datetime>
pub fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    let is_year = text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit());
    if !is_year {
        if let Some(millis) = parse_epoch(text) {
            return Some(millis);
        }
    }
    let (year, rest) = take_digits(text, 4)?;
    // `YYYY` and `YYYY-MM` start at the first day of the year or month.
    let (month, rest) = match rest.strip_prefix('-') {
        Some(rest) => take_digits(rest, 2)?,
        None if rest.is_empty() => (1, rest),
        None => return None,
    };
    let (day, rest) = match rest.strip_prefix('-') {
        Some(rest) => take_digits(rest, 2)?,
        None if rest.is_empty() => (1, rest),
        None => return None,
    };
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    let mut millis = 0;
    let mut rest = rest;
    if let Some(time) = rest.strip_prefix(['T', 't', ' ']) {
        let (hour, after) = take_digits(time, 2)?;
        let after = after.strip_prefix(':')?;
        let (minute, after) = take_digits(after, 2)?;
        let (second, after) = match after.strip_prefix(':') {
            Some(s) => take_digits(s, 2)?,
            None => (0, after),
        };
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let mut after = after;
        if let Some(fraction) = after.strip_prefix('.') {
            let digits: String = fraction.chars().take_while(char::is_ascii_digit).collect();
            if digits.is_empty() {
                return None;
            }
            let first_three = format!("{digits:0<3}");
            millis = first_three.get(..3)?.parse::<i64>().ok()?;
            after = fraction.get(digits.len()..)?;
        }
        seconds += hour * 3600 + minute * 60 + second;
        rest = after;
    }
    let offset = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match rest.get(..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let body = rest.get(1..)?;
            let (hours, after) = take_digits(body, 2)?;
            let after = after.strip_prefix(':').unwrap_or(after);
            let (minutes, after) = if after.is_empty() {
                (0, after)
            } else {
                take_digits(after, 2)?
            };
            if !after.is_empty() || hours > 23 || minutes > 59 {
                return None;
            }
            sign * (hours * 3600 + minutes * 60)
        }
    };
    Some((seconds - offset) * 1000 + millis)
}

fn parse_epoch(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || whole.len() > 15
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let seconds: i64 = whole.parse().ok()?;
    let millis: i64 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<3}").get(..3)?.parse().ok()?
    };
    let value = seconds * 1000 + millis;
    Some(if text.starts_with('-') { -value } else { value })
}

/// `YYYY-MM-DDThh:mm:ssZ` for milliseconds since the epoch (fraction dropped).
pub fn format_iso8601(millis: i64) -> String {
    let seconds = millis.div_euclid(1000);
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_parsing() {
        assert_eq!(parse_date("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_date("1970-01-02"), Some(86_400_000));
        assert_eq!(parse_date("2000-02-29T12:00:00.5Z"), Some(951_825_600_500));
        assert_eq!(parse_date("2001-02-29"), None);
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(
            parse_date("2026-11-22T10:00:00-0230"),
            Some((1_795_341_600 + 9000) * 1000)
        );
        assert_eq!(parse_date("1795341600.25"), Some(1_795_341_600_250));
        // The W3C profile's reduced forms: a year, a month.
        assert_eq!(parse_date("1971"), Some(365 * 86_400_000));
        assert_eq!(parse_date("1970-02"), Some(31 * 86_400_000));
        assert_eq!(parse_date("1970-02T10:00Z"), None);
        assert_eq!(parse_date("19700"), Some(19_700_000));
        assert_eq!(format_iso8601(1_795_341_600_000), "2026-11-22T10:00:00Z");
        assert_eq!(format_iso8601(951_825_600_500), "2000-02-29T12:00:00Z");
        for days in [-800_000, -1, 0, 1, 11_016, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
