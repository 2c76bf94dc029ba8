package server

// API tokens: their owner lists and revokes them on the account page (or
// through the API), an admin lists and revokes anyone's. A password change
// or disabling the account ends them all (endCredentials).

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"gongkai/store"
)

// Token is an API token as listed: never its secret or hash.
type Token = store.Token

// tokens lists the tokens of one account (0 = every account).
func (s *Server) tokens(ctx context.Context, accountID int64) ([]Token, error) {
	ts, err := s.db.TokenList(ctx, accountID, s.cfg.Now().UTC())
	return orEmpty(ts), err
}

var errNoToken = &httpError{http.StatusNotFound, "没有这个令牌，或它已被撤销"}

// revokeToken deletes token id if p owns it or is an admin. Another
// account's token answers as one that does not exist, so ids tell nothing.
func (s *Server) revokeToken(ctx context.Context, r *http.Request, p *principal, idText string) (Token, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(idText), 10, 64)
	if err != nil || id <= 0 {
		return Token{}, errNoToken
	}
	t := Token{ID: id}
	err = s.auth.do(ctx, func(ctx context.Context) error {
		// The auth queue is the only writer of api_tokens: the token read
		// here is still there for the delete.
		o, err := s.db.TokenByID(ctx, id)
		if store.NotFound(err) || (err == nil && o.AccountID != p.ID && p.Role != RoleAdmin) {
			return errNoToken
		}
		if err != nil {
			return err
		}
		t.Account, t.Label = o.Account, o.Label
		err = s.db.TokenDelete(ctx, id)
		if err == nil {
			// After the delete: a use of the token that read it before
			// is not cached by its put (credCache.forget).
			s.creds.forget("t:" + o.Hash)
		}
		detail := fmt.Sprintf("撤销访问令牌“%s”（账号 %s）", t.Label, t.Account)
		if err != nil {
			detail += "失败：" + err.Error()
		}
		s.auditLocked(ctx, p, remoteAddr(r), p.UnitID, "token", detail, err == nil)
		return err
	})
	return t, err
}

// apiTokens lists the caller's own tokens.
func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request, p *principal) {
	s.writeTokens(w, r, p, p.ID)
}

// writeTokens answers with the tokens of one account.
func (s *Server) writeTokens(w http.ResponseWriter, r *http.Request, p *principal, accountID int64) {
	ts, err := s.tokens(r.Context(), accountID)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, ts)
}

// apiAccountTokens lists one account's tokens (admins).
func (s *Server) apiAccountTokens(w http.ResponseWriter, r *http.Request, p *principal) {
	a, _, err := accountByName(r.Context(), s.db.Queries, r.PathValue("name"))
	if errors.Is(err, errNoAccount) {
		writeJSONError(w, http.StatusNotFound, "没有账号“"+r.PathValue("name")+"”")
		return
	}
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	s.writeTokens(w, r, p, a.ID)
}

func (s *Server) apiRevokeToken(w http.ResponseWriter, r *http.Request, p *principal) {
	t, err := s.revokeToken(r.Context(), r, p, r.PathValue("id"))
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": t.ID, "account": t.Account, "label": t.Label, "revoked": true})
}

// accountView is the page of one's own account.
type accountView struct {
	Tokens []Token
	// NewToken is a token just made, shown this once.
	NewToken string
	NewLabel string
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, p *principal) {
	s.showAccount(w, r, p, http.StatusOK, "", "", accountView{})
}

func (s *Server) showAccount(w http.ResponseWriter, r *http.Request, p *principal, status int, flash, errMsg string, v accountView) {
	ts, err := s.tokens(r.Context(), p.ID)
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	v.Tokens = ts
	s.render(w, status, "account", page{Title: "我的账号", Me: p, Flash: flash, Error: errMsg, Data: v})
}

// accountNewToken makes a token from the account page and shows it once.
func (s *Server) accountNewToken(w http.ResponseWriter, r *http.Request, p *principal) {
	label := strings.TrimSpace(r.FormValue("label"))
	if label == "" || len([]rune(label)) > 64 {
		s.showAccount(w, r, p, http.StatusBadRequest, "", "请填写令牌用途（1–64 个字）", accountView{})
		return
	}
	days, err := strconv.Atoi(strings.TrimSpace(r.FormValue("days")))
	if err != nil || days < 0 || days > 3650 {
		s.showAccount(w, r, p, http.StatusBadRequest, "", "有效天数应为 0–3650 的整数（0 表示不过期）", accountView{})
		return
	}
	tok, _, err := s.createToken(r.Context(), p, label, days)
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	s.audit(r.Context(), p, remoteAddr(r), p.UnitID, "token", fmt.Sprintf("新建访问令牌“%s”", label), true)
	s.showAccount(w, r, p, http.StatusCreated, "令牌已生成。它只显示这一次，请立即复制保存。", "", accountView{NewToken: tok, NewLabel: label})
}

func (s *Server) accountRevokeToken(w http.ResponseWriter, r *http.Request, p *principal) {
	t, err := s.revokeToken(r.Context(), r, p, r.PathValue("id"))
	var he *httpError
	if errors.As(err, &he) {
		s.showAccount(w, r, p, he.status, "", he.msg, accountView{})
		return
	}
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	s.showAccount(w, r, p, http.StatusOK, "已撤销令牌“"+t.Label+"”", "", accountView{})
}

// tokensPage lists every account's tokens (admins).
func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request, p *principal) {
	s.showTokens(w, r, p, http.StatusOK, "", "")
}

func (s *Server) showTokens(w http.ResponseWriter, r *http.Request, p *principal, status int, flash, errMsg string) {
	ts, err := s.tokens(r.Context(), 0)
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	s.render(w, status, "tokens", page{Title: "访问令牌", Me: p, Flash: flash, Error: errMsg, Data: ts})
}

func (s *Server) adminRevokeToken(w http.ResponseWriter, r *http.Request, p *principal) {
	t, err := s.revokeToken(r.Context(), r, p, r.PathValue("id"))
	var he *httpError
	if errors.As(err, &he) {
		s.showTokens(w, r, p, he.status, "", he.msg)
		return
	}
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	s.showTokens(w, r, p, http.StatusOK, fmt.Sprintf("已撤销账号 %s 的令牌“%s”", t.Account, t.Label), "")
}
