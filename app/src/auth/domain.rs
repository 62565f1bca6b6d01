//! Roles and the actions they allow, as data: one matrix, used by the server to refuse
//! and by the browser to hide what a user may not do.

use serde::{Deserialize, Serialize};

/// Declared in the order people read them in lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    Admin,
    ServiceDeskAgent,
    IncidentManager,
    ProblemManager,
    ChangeManager,
    CabMember,
    AssetManager,
    ConfigurationManager,
    ServiceOwner,
    ServiceLevelManager,
    Viewer,
    Requester,
}

/// Everything a permission can be asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// See configuration items and their relations.
    CmdbRead,
    /// Create and change configuration items.
    CmdbWrite,
    /// Manage users, teams and roles, and end anyone's session.
    UsersManage,
    /// Read the audit log of every record.
    AuditRead,
    /// Define CI classes, their attributes and relation types.
    CmdbSchema,
    /// See checks, alerts, events, service status and wallboards.
    MonitoringRead,
    /// Acknowledge events and map alerts in triage to CIs.
    MonitoringOperate,
    /// Set up checks, integrations and wallboards.
    MonitoringManage,
    /// See assets, their costs and who holds them.
    AssetRead,
    /// Register and change assets, move them along their lifecycle, check them out and in.
    AssetWrite,
    /// See incidents and their timelines, work notes included.
    IncidentRead,
    /// Log incidents, assign them, move them along, comment and add work notes.
    IncidentWrite,
    /// Record problems, their root cause analysis and known errors (reading them needs
    /// only IncidentRead).
    ProblemWrite,
    /// Write, publish and retire knowledge articles, and read drafts (everyone signed in
    /// reads published ones).
    KnowledgeWrite,
    /// See changes, their CAB votes and the change calendar.
    ChangeRead,
    /// Raise, plan and move changes along.
    ChangeWrite,
    /// Vote on changes as a member of the CAB.
    ChangeApprove,
    /// Plan freezes on the change calendar.
    ChangeManage,
    /// Order from the service catalog, follow one's own requests and report problems.
    SelfService,
    /// See every service request, its answers, tasks and timeline.
    RequestRead,
    /// Work service requests: finish their fulfilment tasks and add work notes.
    RequestFulfil,
    /// Define the catalog's items: their forms, approval and fulfilment tasks.
    CatalogManage,
    /// See the SLAs, availability and KPI reports, and the improvement register.
    ReportRead,
    /// Define SLAs and keep the continual improvement register.
    SlaManage,
}

pub use super::matrix::MATRIX;

impl Role {
    pub const ALL: &'static [Role] = &[
        Role::Admin,
        Role::ServiceDeskAgent,
        Role::IncidentManager,
        Role::ProblemManager,
        Role::ChangeManager,
        Role::CabMember,
        Role::AssetManager,
        Role::ConfigurationManager,
        Role::ServiceOwner,
        Role::ServiceLevelManager,
        Role::Viewer,
        Role::Requester,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Admin",
            Role::ServiceDeskAgent => "Service Desk Agent",
            Role::IncidentManager => "Incident Manager",
            Role::ProblemManager => "Problem Manager",
            Role::ChangeManager => "Change Manager",
            Role::CabMember => "CAB Member",
            Role::AssetManager => "Asset Manager",
            Role::ConfigurationManager => "Configuration Manager",
            Role::ServiceOwner => "Service Owner",
            Role::ServiceLevelManager => "Service Level Manager",
            Role::Viewer => "Viewer",
            Role::Requester => "Requester",
        }
    }

    /// The name stored in the database, e.g. `service_desk_agent`.
    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::ServiceDeskAgent => "service_desk_agent",
            Role::IncidentManager => "incident_manager",
            Role::ProblemManager => "problem_manager",
            Role::ChangeManager => "change_manager",
            Role::CabMember => "cab_member",
            Role::AssetManager => "asset_manager",
            Role::ConfigurationManager => "configuration_manager",
            Role::ServiceOwner => "service_owner",
            Role::ServiceLevelManager => "service_level_manager",
            Role::Viewer => "viewer",
            Role::Requester => "requester",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Self::ALL.iter().copied().find(|r| r.key() == key)
    }

    pub fn allows(self, action: Action) -> bool {
        MATRIX
            .iter()
            .find(|(role, _)| *role == self)
            .is_some_and(|(_, actions)| actions.contains(&action))
    }
}

/// The signed-in user as the browser sees it. Never carries a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
}

impl CurrentUser {
    pub fn can(&self, action: Action) -> bool {
        self.roles.iter().any(|role| role.allows(action))
    }
}

/// One of a user's sessions, as they see it. The handle is not the session id, which
/// never leaves the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub handle: String,
    pub signed_in_at: String,
    pub last_seen: String,
    /// This browser's session.
    pub current: bool,
}

/// Where to go after signing in: only paths on this site, never another origin.
pub fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    if local && !next.starts_with("/login") {
        next
    } else {
        "/"
    }
}

#[cfg(test)]
mod tests {
    use super::Action::*;
    use super::*;

    #[test]
    fn every_role_has_exactly_one_row_in_the_matrix() {
        for role in Role::ALL {
            assert_eq!(
                MATRIX.iter().filter(|(r, _)| r == role).count(),
                1,
                "{role:?}"
            );
        }
    }

    #[test]
    fn admin_may_do_everything_and_requester_nothing_in_the_cmdb() {
        for action in [CmdbRead, CmdbWrite, CmdbSchema, UsersManage, AuditRead] {
            assert!(Role::Admin.allows(action));
        }
        assert!(!Role::Requester.allows(CmdbRead));
    }

    #[test]
    fn viewers_read_but_do_not_write() {
        assert!(Role::Viewer.allows(CmdbRead));
        assert!(!Role::Viewer.allows(CmdbWrite));
        assert!(Role::ConfigurationManager.allows(CmdbWrite));
        assert!(Role::ConfigurationManager.allows(CmdbSchema));
        assert!(!Role::AssetManager.allows(CmdbSchema));
    }

    #[test]
    fn asset_managers_change_assets_and_others_at_most_read_them() {
        assert!(Role::AssetManager.allows(AssetWrite));
        assert!(Role::Admin.allows(AssetWrite));
        for role in Role::ALL {
            if role.allows(AssetWrite) {
                assert!(role.allows(AssetRead), "{role:?}");
            }
        }
        assert!(Role::Viewer.allows(AssetRead) && !Role::Viewer.allows(AssetWrite));
        assert!(!Role::ConfigurationManager.allows(AssetWrite));
        assert!(!Role::Requester.allows(AssetRead));
    }

    #[test]
    fn everyone_orders_from_the_catalog_and_requesters_see_only_their_own() {
        for role in Role::ALL {
            assert!(role.allows(SelfService), "{role:?}");
        }
        assert!(!Role::Requester.allows(RequestRead));
        assert!(!Role::Requester.allows(IncidentRead));
        assert!(Role::ServiceDeskAgent.allows(RequestFulfil));
        assert!(!Role::Viewer.allows(RequestFulfil));
        assert!(Role::Admin.allows(CatalogManage) && !Role::ServiceDeskAgent.allows(CatalogManage));
    }

    #[test]
    fn a_user_may_what_any_of_their_roles_may() {
        let user = CurrentUser {
            id: "u".into(),
            email: "u@example.com".into(),
            display_name: "U".into(),
            roles: vec![Role::Viewer, Role::ConfigurationManager],
        };
        assert!(user.can(CmdbWrite));
        assert!(!user.can(UsersManage));
    }

    #[test]
    fn role_keys_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_key(role.key()), Some(*role));
        }
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next("/cis?page=2"), "/cis?page=2");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next("/login"), "/");
    }
}
