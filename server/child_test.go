package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"gongkai/store"
)

// The kill test re-executes the test binary as a child that serves a
// database file: GONGKAI_TEST_CHILD=DB, the listening address written to
// GONGKAI_TEST_ADDR_FILE. SIGTERM shuts it down gracefully (exit 0).
const (
	childEnv     = "GONGKAI_TEST_CHILD"
	childAddrEnv = "GONGKAI_TEST_ADDR_FILE"
)

func childMain() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	db, err := store.Open(ctx, os.Getenv(childEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 2
	}
	defer db.Close()
	srv, err := New(Config{DB: db, BcryptCost: testCost, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		ShutdownGrace: 2 * time.Second, MaxUploadBytes: 256 << 20})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 2
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 2
	}
	tmp := os.Getenv(childAddrEnv) + ".tmp"
	os.WriteFile(tmp, []byte(ln.Addr().String()), 0o644)
	os.Rename(tmp, os.Getenv(childAddrEnv))
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	return 0
}
