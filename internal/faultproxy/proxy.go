// Package faultproxy relays TCP connections to a real server and can cut
// them, so tests can take a server away from a client the way a stopped
// server or a network partition does, without stopping a server that other
// tests share. Stop leaves the port closed (connections are refused, as
// when the server process is gone); Hang leaves it open but silent (as when
// the host is unreachable and packets are dropped).
package faultproxy

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// Proxy relays 127.0.0.1:port to a target address.
type Proxy struct {
	target string
	addr   string

	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]struct{}
	hang   bool
	closed bool
	wg     sync.WaitGroup
}

// Start listens on a free loopback port and relays every connection to
// target (host:port).
func Start(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faultproxy: listen: %w", err)
	}
	p := &Proxy{target: target, addr: ln.Addr().String(), conns: map[net.Conn]struct{}{}}
	p.serve(ln)
	return p, nil
}

// Addr is the proxy's host:port; it stays the same across Stop and Resume.
func (p *Proxy) Addr() string { return p.addr }

func (p *Proxy) serve(ln net.Listener) {
	p.ln = ln
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			if p.closed {
				p.mu.Unlock()
				c.Close()
				return
			}
			p.conns[c] = struct{}{}
			hang := p.hang
			p.mu.Unlock()
			if hang {
				continue // held open, never answered
			}
			p.wg.Add(1)
			go func() {
				defer p.wg.Done()
				p.relay(c)
			}()
		}
	}()
}

func (p *Proxy) relay(c net.Conn) {
	up, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		p.drop(c)
		return
	}
	p.mu.Lock()
	if p.hang || p.closed {
		p.mu.Unlock()
		up.Close()
		p.drop(c)
		return
	}
	p.conns[up] = struct{}{}
	p.mu.Unlock()
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn) {
		_, _ = io.Copy(dst, src)
		done <- struct{}{}
	}
	go pipe(up, c)
	go pipe(c, up)
	<-done
	p.drop(c)
	p.drop(up)
	<-done
}

func (p *Proxy) drop(c net.Conn) {
	c.Close()
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
}

// cut closes every relayed connection.
func (p *Proxy) cut() {
	p.mu.Lock()
	conns := make([]net.Conn, 0, len(p.conns))
	for c := range p.conns {
		conns = append(conns, c)
	}
	p.mu.Unlock()
	for _, c := range conns {
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // reset, as a dead server's kernel does
		}
		p.drop(c)
	}
}

// Stop closes the port and every connection through it: new connections
// are refused.
func (p *Proxy) Stop() {
	p.mu.Lock()
	ln := p.ln
	p.ln = nil
	p.hang = false
	p.mu.Unlock()
	if ln != nil {
		ln.Close()
	}
	p.cut()
}

// Hang keeps the port open but relays nothing any more: connections are
// accepted and never answered, and open ones go silent.
func (p *Proxy) Hang() {
	p.mu.Lock()
	p.hang = true
	p.mu.Unlock()
	p.cut()
}

// Resume relays again, on the same port, after Stop or Hang.
func (p *Proxy) Resume() error {
	p.mu.Lock()
	p.hang = false
	listening := p.ln != nil
	p.mu.Unlock()
	p.cut() // connections held by Hang
	if listening {
		return nil
	}
	var ln net.Listener
	var err error
	// The port was ours a moment ago; the kernel may take a moment to let
	// it go.
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("faultproxy: listen again on %s: %w", p.addr, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		ln.Close()
		return errors.New("faultproxy: closed")
	}
	p.serve(ln)
	return nil
}

// Close stops the proxy for good and waits for its goroutines.
func (p *Proxy) Close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.Stop()
	p.wg.Wait()
}
