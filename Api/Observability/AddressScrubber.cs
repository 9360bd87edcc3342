using System.Text.RegularExpressions;

namespace EventScheduler.Api.Observability;

/// <summary>Takes e-mail addresses out of text that comes from elsewhere before it is logged or stored where others
/// read it: an SMTP server's reply names the recipient (<c>550 5.1.1 &lt;zhang.wei@…&gt;: Recipient address rejected</c>),
/// and logs never carry e-mail addresses (issue 16 item 3), nor does the <c>message.failed</c> event, which goes to
/// integrators. Anything shaped like <c>local@domain</c> (ASCII or fullwidth at sign, Unicode allowed on both sides)
/// becomes <see cref="Placeholder"/>; the rest of the reply, which says why, is kept.</summary>
public static partial class AddressScrubber
{
    public const string Placeholder = "[address]";

    public static string Scrub(string text) => text.Length == 0 ? text : Address().Replace(text, Placeholder);

    // A run of characters that are not space, brackets, quotes or separators, an at sign, and another such run:
    // wider than RFC 5321's syntax on purpose (a reply may quote what it refused, spelled however it was sent).
    [GeneratedRegex("""[^\s<>()\[\]{}"',;:@＠]+[@＠][^\s<>()\[\]{}"',;:@＠]+""", RegexOptions.CultureInvariant)]
    private static partial Regex Address();
}
