using System.Globalization;

namespace EventScheduler.Domain.Registrations;

/// <summary>A mail domain's IDNA ASCII form (punycode). ICU's IDNA conversion cost about a twentieth of a sign-up's
/// CPU, yet nearly every address an attendee types already has a plain ASCII domain (<c>hospital.org.cn</c>), which
/// IDNA maps to itself. Such a domain is answered at once; anything else (a non-ASCII letter, an upper-case letter,
/// <c>--</c> as in punycode's <c>xn--</c>, an empty or over-long label, a hyphen at a label's edge) goes through
/// <see cref="IdnMapping"/> with STD3 rules, exactly as before.</summary>
public static class AsciiDomain
{
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    // DNS limits (RFC 1035): a label holds at most 63 octets, a name at most 253 characters without its final dot.
    private const int MaxLabel = 63;
    private const int MaxName = 253;

    /// <summary>The ASCII form of <paramref name="domain"/>; <see cref="ArgumentException"/> when IDNA refuses it.</summary>
    public static string ToAscii(string domain) => IsOwnAsciiForm(domain) ? domain : Idn.GetAscii(domain);

    /// <summary>True when IDNA would return <paramref name="domain"/> unchanged: dot-separated labels of lower-case
    /// ASCII letters, digits and single inner hyphens, within the DNS lengths.</summary>
    public static bool IsOwnAsciiForm(string domain)
    {
        if (domain.Length is 0 or > MaxName)
        {
            return false;
        }

        var labelStart = 0;
        for (var i = 0; i <= domain.Length; i++)
        {
            if (i == domain.Length || domain[i] == '.')
            {
                var length = i - labelStart;
                if (length is 0 or > MaxLabel || domain[labelStart] == '-' || domain[i - 1] == '-')
                {
                    return false;
                }

                labelStart = i + 1;
                continue;
            }

            var ch = domain[i];
            if (ch == '-' ? i > labelStart && domain[i - 1] == '-' : !char.IsAsciiLetterLower(ch) && !char.IsAsciiDigit(ch))
            {
                return false;
            }
        }

        return true;
    }
}
