package gongkai

// Hints is what one front end adds to a refusal's message for the codes its
// user settles there: the CLI names a flag (cmd/gongkai/words.go), the web
// a control of the upload page (server/words.go), each in that one place.
// The message itself states the facts and names neither.
type Hints map[string]string

// Sentence is the message of a refusal of code as this front end says it:
// the message, and the hint for code if there is one.
func (h Hints) Sentence(code, message string) string { return message + h[code] }
