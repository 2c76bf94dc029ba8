package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"gongkai/server"
)

// cmdServe runs the web service until SIGINT/SIGTERM.
func cmdServe(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	addr := c.String("addr", "127.0.0.1:8080", "监听地址")
	files := c.String("files", "", "错误标注文件和上传临时文件目录（默认 数据库文件名.files）")
	maxMB := c.Int64("max-upload-mb", 64, "单次上传大小上限（MB）")
	timeout := c.Duration("upload-timeout", 2*time.Minute, "单次上传的处理时限")
	ttl := c.Duration("session-ttl", 8*time.Hour, "登录有效期")
	keepDays := c.Int("annotated-days", 90, "被拒收上传的错误标注文件保留天数，过期后删除（拒收记录保留）")
	insecure := c.Bool("insecure-cookies", false, "Cookie 不加 Secure 属性（仅在局域网以 http:// 访问且无法使用 HTTPS 时使用）")
	office := c.String("office", "", "页脚显示的主管科室，如“平安县人民政府办公室政务公开科”")
	verbose := c.Bool("v", false, "记录每个请求")
	db, _, code := c.open(ctx, func(pos []string) bool {
		return len(pos) == 0 && (*keepDays >= 1 || c.bad("--annotated-days 应为正整数，而不是 %d", *keepDays))
	})
	if code >= 0 {
		return code
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	srv, err := server.New(server.Config{DB: db, FilesDir: *files, MaxUploadBytes: *maxMB << 20, UploadTimeout: *timeout,
		SessionTTL: *ttl, InsecureCookies: *insecure, AnnotatedTTL: time.Duration(*keepDays) * 24 * time.Hour, Office: *office, Logger: log})
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "gongkai: 无法监听 %s：%v\n", *addr, err)
		return exitRefused
	}
	fmt.Fprintf(stdout, "gongkai 已在 http://%s/ 提供服务（Ctrl+C 停止）\n", ln.Addr())
	if err := srv.Serve(ctx, ln); err != nil {
		return fail(stderr, exitRefused, err)
	}
	return exitOK
}

// cmdUser manages accounts of the web service while it is not running
// (the server holds the database file).
func cmdUser(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	name := c.String("name", "", "账号名")
	role := c.String("role", "", "角色：clerk（填报员）、admin（管理员）、leader（领导）")
	unit := c.String("unit", "", "填报员所属单位（全称、简称或统一社会信用代码）")
	asJSON := c.jsonFlag()
	var password string
	db, _, code := c.open(ctx, func(pos []string) bool {
		switch {
		case len(pos) != 0:
			return false
		case c.sub != "list" && *name == "":
			return c.bad("需要 --name")
		case c.sub == "add" && *role == "":
			return c.bad("需要 --role clerk|admin|leader")
		case c.sub == "list":
			return true
		}
		var err error
		password, err = readPassword(stdin)
		return err == nil || c.bad("%v", err)
	})
	if code >= 0 {
		return code
	}
	switch c.sub {
	case "add":
		a, err := server.AddAccount(ctx, db, server.NewAccount{Name: *name, Role: *role, Unit: *unit, Password: password}, 0)
		if err != nil {
			return fail(stderr, exitRefused, err)
		}
		unitText := ""
		if a.Unit != "" {
			unitText = "，" + a.Unit
		}
		fmt.Fprintf(stdout, "已新建账号 %s（%s%s）\n", a.Name, server.RoleTitle(a.Role), unitText)
	case "passwd":
		if err := server.SetPassword(ctx, db, *name, password, 0); err != nil {
			return fail(stderr, exitRefused, err)
		}
		fmt.Fprintf(stdout, "已重设账号 %s 的密码\n", *name)
	case "list":
		as, err := server.Accounts(ctx, db)
		if err != nil {
			return fail(stderr, exitRefused, err)
		}
		if *asJSON {
			writeJSON(stdout, as)
			return exitOK
		}
		fmt.Fprintln(stdout, "账号\t角色\t单位\t状态")
		for _, a := range as {
			st := "正常"
			if a.Disabled {
				st = "已停用"
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", a.Name, server.RoleTitle(a.Role), a.Unit, st)
		}
	}
	return exitOK
}

// stdin is where user add and passwd read the password (tests replace it).
var stdin io.Reader = os.Stdin

// readPassword reads the first line of r (without the line end).
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", fmt.Errorf("请从标准输入提供密码（一行），如：echo '密码' | gongkai user add …")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
