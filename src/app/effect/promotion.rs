//! Promotion effects (a branch per stage): what the app asks the runner to do with a team's
//! chain of stage branches.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromotionEffect {
    /// Fetch every stage branch and report what each stage lacks from the one before it.
    Load { team: String },
    /// Merge `from_tip` (the source's head the screen showed) into `stage`'s branch and push.
    Promote {
        team: String,
        stage: String,
        from_tip: String,
        /// The stage name the user typed to promote into a protected stage.
        confirmed: Option<String>,
    },
}

impl PromotionEffect {
    pub fn team(&self) -> &str {
        match self {
            PromotionEffect::Load { team } | PromotionEffect::Promote { team, .. } => team,
        }
    }
}
