using System.Globalization;
using System.Net.Mail;
using System.Text;
using EventScheduler.Domain.Common;

namespace EventScheduler.Domain.Registrations;

/// <summary>An attendee's e-mail address: as typed (kept for display and for mail) and in its canonical form,
/// the key of "one active registration per person per meeting". Two spellings of one mailbox have one
/// canonical form (README, "E-mail addresses"):
/// <list type="number">
/// <item>Unicode NFKC: fullwidth <c>ｚｈａｎｇ</c> is <c>zhang</c>, a fullwidth <c>＠</c> is <c>@</c>.</item>
/// <item>Invisible format characters (Unicode category Cf: zero-width space/joiners, soft hyphen, BOM, word joiner)
///   are <b>refused</b> in a new address (<see cref="RegistrationRules.EmailInvisibleCharacter"/>): no mail server
///   delivers them, so an address carrying one was pasted from somewhere and the person should see it, not have it
///   silently differ from what is stored. Rows stored before the rule get them removed by the back-fill.</item>
/// <item>A quoted local part that is a plain dot-string (<c>"zhang.wei"</c>) loses its quotes and escapes, as
///   RFC 5321 §4.1.2 says such a part means the same mailbox unquoted.</item>
/// <item>The local part lower-cased (no mainstream provider distinguishes case; people type it as they like).</item>
/// <item>The domain lower-cased and converted to its IDNA ASCII form (punycode, <see cref="AsciiDomain"/>), so
///   <c>例子.中国</c> and <c>xn--fsqu00a.xn--fiqs8s</c> are one domain; a trailing dot dropped.</item>
/// </list>
/// Sub-addresses (<c>zhang.wei+cme@…</c>) stay distinct: whether <c>+</c> means a sub-address is the provider's
/// choice (many hospital mail systems deliver <c>a+b</c> to another mailbox, or nowhere), so folding them could
/// refuse a colleague's real address; the same goes for provider tricks such as dots in Gmail local parts.</summary>
public sealed record EmailAddress
{
    private EmailAddress(string typed, string canonical)
    {
        Typed = typed;
        Canonical = canonical;
    }

    /// <summary>Trimmed, otherwise as the person typed it.</summary>
    public string Typed { get; }

    public string Canonical { get; }

    /// <summary>Checks a newly typed address (field <paramref name="field"/>); the message never repeats it.</summary>
    public static EmailAddress Parse(string? value, string field = "email")
    {
        var typed = Text.Required(value, field, Attendee.MaxEmailLength);
        if (typed.Any(IsInvisible))
        {
            throw RuleViolation.Invalid(RegistrationRules.EmailInvisibleCharacter,
                $"'{field}' contains an invisible character (zero-width space, soft hyphen, byte order mark or similar): type the address again.", field);
        }

        var canonical = TryCanonicalise(typed);
        if (canonical is null || !IsValid(canonical))
        {
            throw RuleViolation.Invalid(RegistrationRules.EmailInvalid, $"'{field}' is not a valid e-mail address.", field);
        }

        return new EmailAddress(typed, canonical);
    }

    /// <summary>The canonical form of any stored or looked-up address, never throwing: invisible characters are
    /// removed here (a lookup or an old row), and a domain IDNA refuses is kept lower-cased.</summary>
    public static string Canonicalise(string email) => TryCanonicalise(email) ?? email.Trim().ToLowerInvariant();

    /// <summary>The form of an address to hand to a mail server (RCPT TO and the To header), from the address as
    /// typed; the typed form stays what the attendee sees. Unlike <see cref="Canonical"/>, it is a mailbox, not a key:
    /// <list type="bullet">
    /// <item>Local part: each character whose compatibility form (NFKC) is ASCII takes that form, so fullwidth
    ///   <c>ｚｈａｎｇ.wei</c> (typed with a Chinese input method's fullwidth mode) goes to <c>zhang.wei</c>: no
    ///   mail system has a fullwidth mailbox, and an SMTP server without SMTPUTF8 refuses every non-ASCII local part.
    ///   Other characters are left as typed (NFC only): an internationalised mailbox such as <c>张伟</c> is the receiving
    ///   server's to interpret (RFC 6531), and NFKC could turn it into another mailbox. Case is kept: only the receiving
    ///   host may decide that <c>Zhang</c> and <c>zhang</c> are one mailbox (RFC 5321 §2.4). A quoted dot-string
    ///   loses its quotes (the same mailbox); invisible format characters are removed (old rows; new ones are refused).</item>
    /// <item>Domain: lower-cased and in its IDNA ASCII form (punycode), which every server delivers to; IDNA also
    ///   maps fullwidth letters and the fullwidth full stop. A domain IDNA refuses is kept as it is (the send then
    ///   fails with the server's reason).</item>
    /// </list></summary>
    public static string ForDelivery(string email)
    {
        var text = new string(email.Trim().Where(ch => !IsInvisible(ch)).ToArray());
        var at = text.LastIndexOf('@');
        if (at < 0)
        {
            at = text.LastIndexOf('\uFF20'); // a fullwidth at sign, typed in the same mode as the letters
        }

        if (at <= 0 || at == text.Length - 1)
        {
            return text;
        }

        var local = new StringBuilder(at);
        foreach (var rune in text[..at].EnumerateRunes())
        {
            var compatible = rune.ToString().Normalize(NormalizationForm.FormKC);
            local.Append(compatible.All(char.IsAscii) ? compatible : rune.ToString());
        }

        var domain = text[(at + 1)..].Normalize(NormalizationForm.FormKC).ToLowerInvariant().TrimEnd('.');
        try
        {
            domain = AsciiDomain.ToAscii(domain);
        }
        catch (ArgumentException)
        {
            // Not a domain IDNA accepts: the server will say so.
        }

        return $"{Unquote(local.ToString().Normalize(NormalizationForm.FormC))}@{domain}";
    }

    private static string? TryCanonicalise(string email)
    {
        var text = new string(email.Trim().Where(ch => !IsInvisible(ch)).ToArray()).Normalize(NormalizationForm.FormKC);
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            return null;
        }

        var local = Unquote(text[..at]).ToLowerInvariant();
        var domain = text[(at + 1)..].ToLowerInvariant().TrimEnd('.');
        try
        {
            return $"{local}@{AsciiDomain.ToAscii(domain)}";
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary><c>"zhang.wei"</c> → <c>zhang.wei</c> when the unescaped content is a dot-string; else unchanged
    /// (a quoted part with spaces or specials is a different mailbox syntax that must stay quoted).</summary>
    private static string Unquote(string local)
    {
        if (local.Length < 2 || local[0] != '"' || local[^1] != '"')
        {
            return local;
        }

        var inner = new StringBuilder(local.Length);
        for (var i = 1; i < local.Length - 1; i++)
        {
            if (local[i] == '\\' && i + 1 < local.Length - 1)
            {
                i++;
            }

            inner.Append(local[i]);
        }

        var content = inner.ToString();
        return IsDotString(content) ? content : local;
    }

    private static bool IsDotString(string s) =>
        s.Length > 0 && !s.StartsWith('.') && !s.EndsWith('.') && !s.Contains("..", StringComparison.Ordinal)
        && s.All(ch => ch == '.' || IsAtext(ch));

    // RFC 5322 atext, widened by RFC 6531 to every non-ASCII character (internationalised local parts).
    private static bool IsAtext(char ch) => ch > 127 || char.IsAsciiLetterOrDigit(ch) || "!#$%&'*+-/=?^_`{|}~".Contains(ch);

    private static bool IsInvisible(char ch) => CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.Format;

    private static bool IsValid(string canonical)
    {
        if (canonical.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch)) || canonical.Count(ch => ch == '@') != 1)
        {
            return false;
        }

        var at = canonical.IndexOf('@', StringComparison.Ordinal);
        var local = canonical[..at];
        var domain = canonical[(at + 1)..];
        if (!IsDotString(local) || !domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.'))
        {
            return false;
        }

        return MailAddress.TryCreate(canonical, out var parsed) && string.Equals(parsed.Address, canonical, StringComparison.Ordinal);
    }
}
