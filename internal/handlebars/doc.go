// Package handlebars renders step templates as Novu v2.0.0's worker does: handlebars.js 4.7
// (the version Novu installs, 4.7.8) with the helpers Novu's CompileTemplate registers, and lists
// a template's variables as Novu's getTemplateVariables does. It imports nothing from the server.
//
// Render is CompileTemplate.execute: HTML escaping of {{ }} as handlebars.js escapes (& < > " '
// ` =, with Novu turning &#x27; back into '), raw {{{ }}} and {{& }}, paths (a.b, a.0.b,
// a.[key with spaces], this, ../, @root, @index, @key, @first, @last, @../index), the built-in
// helpers (if with includeZero, unless, each over arrays and objects with else and block
// parameters, with, lookup, log), else and else-if chains, inverted sections, blocks over
// plain values, sub-expressions, hash arguments, comments, raw blocks and whitespace control
// (~ and standalone lines). Novu's helpers are json, equals, titlecase, uppercase, lowercase,
// pluralize, dateFormat, groupBy, unique, sortBy, numberFormat, gt, gte, lt, lte, eq and ne,
// written from compile-template.usecase.ts with JavaScript's value rules (truthiness, == and ===,
// < on strings and numbers, String(), Number(), parseFloat, toFixed, JSON.stringify).
//
// dateFormat implements date-fns 2.29's format() for the en-US locale in UTC (Novu's worker
// runs in UTC): every token date-fns formats (G y Y R u Q q M L w I d D E e c i a b B h H K k
// m s S X x O z t T, the ordinals "o", the long formats P and p, quoted text and ”), and its
// errors (D, DD, YY and YYYY refused; an unescaped latin letter refused). Dates are read as
// Date.parse reads them: ECMAScript's ISO format, and the other forms listed in
// legacyDateLayouts; V8 reads more (such as "12" as December 2001), which stay undated here.
//
// Where it differs from Novu, deliberately:
//   - Parsing is raymond's (github.com/mailgun/raymond/v2, written for Handlebars 3), corrected
//     where its lexer or whitespace handling differs from handlebars.js 4.7 (prelex,
//     whitespace.go). Partial blocks ({{#> p}}…{{/p}}) and decorators ({{#*inline}}) do not
//     parse; a [path literal] may not span lines. Parse error messages are raymond's, not
//     handlebars.js' (runtime messages such as `Missing helper: "x"` are handlebars.js').
//   - Objects decoded from JSON do not remember their key order, so #each over an object and
//     json list integer-like keys ascending, then the others sorted (JavaScript keeps the
//     others in insertion order). Objects the helpers build (groupBy) keep their order.
//   - i18n is not registered: Novu registers it only with translations, which only its
//     enterprise module provides (send-message.base.ts, initiateTranslations), and the fake has
//     none; {{i18n "k"}} is a missing helper, as on a Novu without that module.
//   - The options object a helper receives where the template passes too few parameters is an
//     empty object here: json or each over it differ from Novu (which sees name, hash, data).
//     The `this` of gt/gte/lt/lte/eq/ne blocks is an empty object (Novu's is its module's
//     exports, whose only key is CompileTemplate).
//   - A render stops with an error past 32 MiB of output.
package handlebars
