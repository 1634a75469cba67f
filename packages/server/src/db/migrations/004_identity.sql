-- Identity: second factors (TOTP, passkeys), staged logins, OpenID Connect, organisations.

-- A care unit belongs to a region or a municipality (kommunal hemsjukvård).
ALTER TABLE region ADD COLUMN kind text NOT NULL DEFAULT 'region' CHECK (kind IN ('region', 'municipality'));

-- HSA-id is how an identity provider names staff (SITHS); one account per HSA-id.
CREATE UNIQUE INDEX account_hsa_id ON account (hsa_id) WHERE hsa_id IS NOT NULL;

-- TOTP: the confirmed secret, the one being enrolled, and the last accepted time step (no replay).
ALTER TABLE account
  ADD COLUMN totp_secret text,
  ADD COLUMN totp_pending_secret text,
  ADD COLUMN totp_last_step bigint;

-- A session is usable only when complete; after a password it may wait for the second factor or
-- for its enrolment. The login method and the provider's ID token serve RP-initiated logout.
ALTER TABLE session
  ADD COLUMN stage text NOT NULL DEFAULT 'complete' CHECK (stage IN ('complete', 'second-factor', 'enrol')),
  ADD COLUMN method text NOT NULL DEFAULT 'password',
  ADD COLUMN oidc_provider text,
  ADD COLUMN oidc_id_token text;

CREATE TABLE webauthn_credential (
  id text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  public_key bytea NOT NULL,
  counter bigint NOT NULL DEFAULT 0,
  transports text[] NOT NULL DEFAULT '{}',
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX webauthn_credential_account ON webauthn_credential (account_id);

-- Short-lived server-side state of a login ceremony (WebAuthn challenge, OIDC state/nonce/PKCE
-- verifier), found by the hash of a random handle kept in a cookie.
CREATE TABLE auth_challenge (
  handle_hash text PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('passkey-login', 'passkey-register', 'oidc')),
  challenge text NOT NULL,
  account_id uuid REFERENCES account (id),
  provider text,
  nonce text,
  code_verifier text,
  expires_at timestamptz NOT NULL
);

-- Integration clients are switched off, not deleted: observations and the audit log name them.
ALTER TABLE api_client
  ADD COLUMN created_by uuid REFERENCES account (id),
  ADD COLUMN disabled boolean NOT NULL DEFAULT false;
