//! The service as a credential issuer: who signs, with which key, which keys it trusts, and
//! where verifiers find what it publishes. Built once by `skillpath serve` from the
//! `[credentials]` configuration; absent when that is not configured, and then nothing is
//! issued while imports still verify (against no trusted key, so they count as declared).

use chrono::{DateTime, Utc};
use serde_json::Value;
use skillpath_credentials::{IssuerProfile, KeyError, KeySet, Signer, StatusList, Trust};
use skillpath_store::{Store, StoreError};

/// The one revocation list this service publishes; its positions are the credentials'
/// `status_index` values.
pub const STATUS_LIST: &str = "1";

pub struct CredentialIssuer {
    signer: Signer,
    profile: IssuerProfile,
    keys: KeySet,
    public_url: String,
}

impl std::fmt::Debug for CredentialIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialIssuer")
            .field("issuer", &self.profile.id)
            .field("key_id", &self.signer.key_id())
            .finish_non_exhaustive()
    }
}

impl CredentialIssuer {
    /// `keys` holds the issuer's earlier (retired) keys and any other issuer the service
    /// trusts; the signing key joins it, so what it signs always verifies here.
    /// `public_url` is where this server is reached from outside (`https://pes.example`):
    /// credentials point their status entry and pages under it.
    pub fn new(
        signer: Signer,
        profile: IssuerProfile,
        mut keys: KeySet,
        public_url: &str,
    ) -> Result<Self, KeyError> {
        keys.add(signer.trusted_key(&profile.id))?;
        Ok(Self {
            signer,
            profile,
            keys,
            public_url: public_url.trim_end_matches('/').to_owned(),
        })
    }

    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    pub fn profile(&self) -> &IssuerProfile {
        &self.profile
    }

    pub fn keys(&self) -> &KeySet {
        &self.keys
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    pub fn status_list_url(&self) -> String {
        self.url(&format!("/credentials/status/{STATUS_LIST}"))
    }

    /// The published list as it stands in the database now.
    pub fn status_list(&self, store: &Store) -> Result<StatusList, StoreError> {
        let mut list = StatusList::default();
        for index in store.revoked_status_indices()? {
            // Positions are handed out below the list's length (see `issue`), so one
            // beyond it can only come from a database edited by hand; it is skipped.
            if let Ok(i) = usize::try_from(index)
                && list.set_revoked(i, true).is_err()
            {
                tracing::warn!(index, "a revoked status index lies beyond the status list");
            }
        }
        Ok(list)
    }

    /// The signed `BitstringStatusListCredential` verifiers fetch.
    pub fn status_list_credential(
        &self,
        store: &Store,
        now: DateTime<Utc>,
    ) -> Result<Value, String> {
        let list = self.status_list(store).map_err(|e| e.to_string())?;
        let mut doc = list.to_credential(
            &self.status_list_url(),
            &self.profile.id,
            &now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        );
        let Value::Object(map) = &mut doc else {
            unreachable!("a status list credential is an object")
        };
        skillpath_credentials::proof::sign(map, &self.signer, now)?;
        Ok(doc)
    }
}

/// What the service trusts when it verifies: the configured keys, and its own status list
/// read straight from the database (so a revocation counts at once). Other issuers' lists
/// are not fetched: a request must not make the server call an address it names.
pub fn trust(
    issuer: Option<&CredentialIssuer>,
    store: &Store,
    now: DateTime<Utc>,
) -> Result<Trust, StoreError> {
    let Some(issuer) = issuer else {
        return Ok(Trust::new(KeySet::new(), now));
    };
    let mut trust = Trust::new(issuer.keys.clone(), now);
    trust
        .status_lists
        .insert(issuer.status_list_url(), issuer.status_list(store)?);
    Ok(trust)
}
