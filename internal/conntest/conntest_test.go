package conntest

import (
	"io"
	"net"
	"testing"
)

func TestWriteCounter(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	counted := CountWrites(ln)
	defer counted.Close()
	done := make(chan error, 1)
	go func() {
		c, err := counted.Accept()
		if err != nil {
			done <- err
			return
		}
		defer c.Close()
		for _, s := range []string{"one ", "two ", "three"} {
			if _, err := c.Write([]byte(s)); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	got, _ := io.ReadAll(client)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if string(got) != "one two three" || counted.Writes() != 3 {
		t.Errorf("read %q after %d writes; want %q after 3", got, counted.Writes(), "one two three")
	}
}
