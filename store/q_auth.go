package store

// The web service's accounts, sessions, API tokens and audit log: one
// method per query file (account_*, session_*, token_*, audit_*). The
// server decides who may do what; these only read and write the rows.

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"
)

// Account is a user of the web service.
type Account struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	UnitID   int64  `json:"unit_id,omitempty"`
	Unit     string `json:"unit,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
	Created  string `json:"created_at,omitempty"`
	Updated  string `json:"updated_at,omitempty"`
}

// nullID is an id column's argument: 0 (none) is NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// AccountByName is one account by login name, with its password hash.
func (q *Queries) AccountByName(ctx context.Context, name string) (Account, string, error) {
	var hash string
	a, err := one(ctx, q.q, "account_by_name", fields(func(a *Account) []any {
		return []any{&a.ID, &a.Name, &a.Role, &a.UnitID, &a.Unit, &hash, &a.Disabled}
	}), name)
	return a, hash, err
}

// AccountList is every account, by role then name.
func (q *Queries) AccountList(ctx context.Context) ([]Account, error) {
	return list(ctx, q.q, "account_list", fields(func(a *Account) []any {
		return []any{&a.ID, &a.Name, &a.Role, &a.UnitID, &a.Unit, &a.Disabled, &a.Created, &a.Updated}
	}))
}

// AccountExists reports whether the login name is taken, by an account
// disabled or not.
func (q *Queries) AccountExists(ctx context.Context, name string) (bool, error) {
	n, err := one(ctx, q.q, "account_exists", scalar[int64], name)
	return n > 0, err
}

// AccountInsert creates an account and returns its id; unitID is a
// clerk's unit, 0 for the other roles.
func (q *Queries) AccountInsert(ctx context.Context, name, role string, unitID int64, passwordHash string) (int64, error) {
	return one(ctx, q.q, "account_insert", scalar[int64], name, role, nullID(unitID), passwordHash)
}

// AccountPassword sets an account's password hash.
func (q *Queries) AccountPassword(ctx context.Context, name, passwordHash string) error {
	return execNamed(ctx, q.q, "account_password", name, passwordHash)
}

// AccountDisable disables or enables an account.
func (q *Queries) AccountDisable(ctx context.Context, name string, disabled bool) error {
	return execNamed(ctx, q.q, "account_disable", name, disabled)
}

// Credential is the account behind a session or an API token.
type Credential struct {
	Account
	// CSRF is a session's token ("" for an API token).
	CSRF string
	// Expires is when the session or token ends; zero: never (a token
	// made without an expiry).
	Expires time.Time
}

// SessionGet is a session, by the hash of its cookie, with its account.
func (q *Queries) SessionGet(ctx context.Context, idHash string) (Credential, error) {
	return one(ctx, q.q, "session_get", fields(func(c *Credential) []any {
		return []any{&c.ID, &c.Name, &c.Role, &c.UnitID, &c.Unit, &c.Disabled, &c.CSRF, &c.Expires}
	}), idHash)
}

// SessionInsert records a login session.
func (q *Queries) SessionInsert(ctx context.Context, idHash string, accountID int64, csrf string, expires time.Time, remote string) error {
	return execNamed(ctx, q.q, "session_insert", idHash, accountID, csrf, expires, remote)
}

// SessionPurge drops the sessions expired at now and every session of
// accountID (0: none).
func (q *Queries) SessionPurge(ctx context.Context, now time.Time, accountID int64) error {
	return execNamed(ctx, q.q, "session_purge", now, accountID)
}

// SessionDelete ends one session (a logout).
func (q *Queries) SessionDelete(ctx context.Context, idHash string) error {
	return execNamed(ctx, q.q, "session_delete", idHash)
}

// Token is an API token as listed: never its secret or hash.
type Token struct {
	ID      int64  `json:"id"`
	Account string `json:"account"`
	Role    string `json:"role"`
	Label   string `json:"label"`
	Created string `json:"created_at"`
	Expires string `json:"expires_at,omitempty"` // "" = never
	Expired bool   `json:"expired"`
}

// TokenList lists the API tokens of one account (0: every account),
// newest first; Expired is judged at now.
func (q *Queries) TokenList(ctx context.Context, accountID int64, now time.Time) ([]Token, error) {
	return list(ctx, q.q, "token_list", fields(func(t *Token) []any {
		return []any{&t.ID, &t.Account, &t.Role, &t.Label, &t.Created, &t.Expires, &t.Expired}
	}), accountID, now)
}

// TokenGet is the account of an API token, by the token's hash.
func (q *Queries) TokenGet(ctx context.Context, tokenHash string) (Credential, error) {
	return one(ctx, q.q, "token_get", func(s scanner) (c Credential, err error) {
		var exp sql.NullTime
		err = s.Scan(&c.ID, &c.Name, &c.Role, &c.UnitID, &c.Unit, &c.Disabled, &exp)
		c.Expires = exp.Time
		return c, err
	}, tokenHash)
}

// TokenOwner is what revoking a token needs to know of it.
type TokenOwner struct {
	AccountID int64
	Account   string
	Label     string
	Hash      string
}

// TokenByID is one API token by its number.
func (q *Queries) TokenByID(ctx context.Context, id int64) (TokenOwner, error) {
	return one(ctx, q.q, "token_by_id", fields(func(t *TokenOwner) []any {
		return []any{&t.AccountID, &t.Account, &t.Label, &t.Hash}
	}), id)
}

// TokenInsert records an API token and returns its number; a zero
// expires never expires.
func (q *Queries) TokenInsert(ctx context.Context, tokenHash string, accountID int64, label string, expires time.Time) (int64, error) {
	var exp any
	if !expires.IsZero() {
		exp = expires
	}
	return one(ctx, q.q, "token_insert", scalar[int64], tokenHash, accountID, label, exp)
}

// TokenDelete revokes one API token.
func (q *Queries) TokenDelete(ctx context.Context, id int64) error {
	return execNamed(ctx, q.q, "token_delete", id)
}

// TokenPurgeAccount revokes every API token of an account.
func (q *Queries) TokenPurgeAccount(ctx context.Context, accountID int64) error {
	return execNamed(ctx, q.q, "token_purge_account", accountID)
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID      int64  `json:"id"`
	At      string `json:"at"`
	Account string `json:"account"`
	Role    string `json:"role"`
	Unit    string `json:"unit,omitempty"`
	Action  string `json:"action"`
	Detail  string `json:"detail"`
	Remote  string `json:"remote"`
	OK      bool   `json:"ok"`
}

// AuditFilter chooses entries of the audit log: the zero value all of them.
type AuditFilter struct {
	Account string // exactly this account name
	Action  string // this action code (login, upload, …)
	// From and To are days (2006-01-02), both included; "" leaves that end open.
	From, To string
}

func (f AuditFilter) args() []any {
	day := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	return []any{f.Account, f.Action, day(f.From), day(f.To)}
}

// AuditList is a page of the entries f chooses, newest first: limit
// entries after skipping offset.
func (q *Queries) AuditList(ctx context.Context, f AuditFilter, limit, offset int) ([]AuditEntry, error) {
	return list(ctx, q.q, "audit_list", func(s scanner) (a AuditEntry, err error) {
		err = s.Scan(&a.ID, &a.At, &a.Account, &a.Role, &a.Unit, &a.Action, &a.Detail, &a.Remote, &a.OK)
		return a, err
	}, append(f.args(), limit, offset)...)
}

// AuditCount is how many entries f chooses.
func (q *Queries) AuditCount(ctx context.Context, f AuditFilter) (int, error) {
	return one(ctx, q.q, "audit_count", scalar[int], f.args()...)
}

// NewAudit is an audit entry to write.
type NewAudit struct {
	Account, Role  string
	UnitID         int64 // 0: none
	Action, Detail string
	Remote         string
	OK             bool
}

// AuditInsert appends an entry to the audit log. Its text is made valid
// UTF-8 (LogText): DuckDB refuses to bind anything else, and an entry lost
// to a stray byte in a name or an error message is worse than that byte
// shown as U+FFFD.
func (q *Queries) AuditInsert(ctx context.Context, e NewAudit) error {
	return execNamed(ctx, q.q, "audit_insert", LogText(e.Account), LogText(e.Role), nullID(e.UnitID), LogText(e.Action),
		LogText(e.Detail), LogText(e.Remote), e.OK)
}

// LogText is s with every byte sequence that is not UTF-8 replaced by
// U+FFFD. Only for records of what happened (the audit log, refused
// uploads), which must be written whatever text they quote; data a user
// entered is refused at the edge instead, never altered.
func LogText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
