//! The service as a credential issuer: who signs, with which key, which keys it trusts, and
//! where verifiers find what it publishes. Built once by `skillpath serve` from the
//! `[credentials]` configuration; absent when that is not configured, and then nothing is
//! issued while imports still verify (against no trusted key, so they count as declared).

use chrono::{DateTime, Utc};
use serde_json::Value;
use skillpath_credentials::status::MIN_ENTRIES;
use skillpath_credentials::{IssuerProfile, KeyError, KeySet, Signer, StatusList, Trust};
use skillpath_store::{Store, StoreError};

pub struct CredentialIssuer {
    signer: Signer,
    profile: IssuerProfile,
    keys: KeySet,
    public_url: String,
    /// Positions handed out per status list before the next list is opened.
    list_entries: u32,
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
            list_entries: MIN_ENTRIES as u32,
        })
    }

    /// Fills each status list after `entries` credentials instead of the specification's
    /// 131,072, so that tests can reach a second list. The lists published keep at least
    /// the specification's length; only the positions handed out stop earlier.
    #[doc(hidden)]
    pub fn with_list_entries(mut self, entries: u32) -> Self {
        self.list_entries = entries.clamp(1, MIN_ENTRIES as u32);
        self
    }

    pub fn list_entries(&self) -> u32 {
        self.list_entries
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

    /// Where status list `list` (numbered from 1) is published.
    pub fn status_list_url(&self, list: i64) -> String {
        self.url(&format!("/credentials/status/{list}"))
    }

    /// Status list `list` as it stands in the database now.
    pub fn status_list(&self, store: &Store, list: i64) -> Result<StatusList, StoreError> {
        let mut bits = StatusList::default();
        for index in store.revoked_status_indices(list)? {
            // Positions are handed out below the list's length (see `issue`), so one
            // beyond it can only come from a database edited by hand; it is skipped.
            if let Ok(i) = usize::try_from(index)
                && bits.set_revoked(i, true).is_err()
            {
                tracing::warn!(
                    list,
                    index,
                    "a revoked status index lies beyond the status list"
                );
            }
        }
        Ok(bits)
    }

    /// The signed `BitstringStatusListCredential` of list `list`, which verifiers fetch.
    pub fn status_list_credential(
        &self,
        store: &Store,
        list: i64,
        now: DateTime<Utc>,
    ) -> Result<Value, String> {
        let bits = self.status_list(store, list).map_err(|e| e.to_string())?;
        let mut doc = bits.to_credential(
            &self.status_list_url(list),
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

/// What the service trusts when it verifies: the configured keys, and its own status lists
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
    for list in store.status_lists_in_use()? {
        trust.status_lists.insert(
            issuer.status_list_url(list),
            issuer.status_list(store, list)?,
        );
    }
    Ok(trust)
}
