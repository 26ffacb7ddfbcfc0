//! The steps of AWS's evaluation of an AssumeRole call, in order: what the
//! results' flow picture draws with each step's status, and what the
//! exercise draws without them (and names in its hints).

use assumable_core::CheckId;

/// One step of AWS's evaluation of the call, as the flow picture shows it.
pub struct Step {
    pub label: &'static str,
    /// The family of check ids the step gathers (`trust` for `trust.*`).
    pub family: &'static [&'static str],
}

/// The order AWS evaluates an AssumeRole call in: the request, the role's
/// trust, the caller's own policies, the boundary, SCPs, RCPs, the session.
pub const STEPS: [Step; 7] = [
    Step {
        label: "Request",
        family: &["request"],
    },
    Step {
        label: "Trust policy",
        family: &["trust"],
    },
    Step {
        label: "Caller's policies",
        family: &["identity"],
    },
    Step {
        label: "Permissions boundary",
        family: &["boundary"],
    },
    Step {
        label: "SCPs",
        family: &["scp"],
    },
    Step {
        label: "RCPs",
        family: &["rcp"],
    },
    Step {
        label: "Session",
        family: &["session"],
    },
];

/// The step a check belongs to, by its id's family (`trust` for `trust.*`).
pub fn step_of(id: CheckId) -> Option<&'static Step> {
    let family = id.as_str().split('.').next().unwrap_or_default();
    STEPS.iter().find(|step| step.family.contains(&family))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_belongs_to_a_step() {
        for id in CheckId::ALL {
            assert!(step_of(id).is_some(), "{}", id.as_str());
        }
        assert_eq!(
            step_of(CheckId::TrustConditions).map(|step| step.label),
            Some("Trust policy")
        );
    }
}
