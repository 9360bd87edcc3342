using MimeKit;

namespace EventScheduler.Api.Email;

/// <summary>The e-mail settings, checked once at start-up: a bad sender address or base URL stops the service with a
/// clear message instead of failing every message later.</summary>
public sealed class EmailSettings
{
    public const string PublicBaseUrlKey = "PublicBaseUrl";

    public EmailSettings(EmailOptions email, string? publicBaseUrl)
    {
        Email = email;
        if (!MailboxAddress.TryParse(email.From, out var from) || string.IsNullOrEmpty(from.Domain))
        {
            throw new InvalidOperationException($"Email:From is not a valid address: '{email.From}'. Write it as \"Name <address@domain>\".");
        }

        From = from;
        var url = string.IsNullOrWhiteSpace(publicBaseUrl) ? "http://localhost:5080" : publicBaseUrl.Trim();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"PublicBaseUrl must be an absolute http(s) URL, e.g. https://meetings.alliance.example.cn; got '{publicBaseUrl}'.");
        }

        PublicBaseUrl = url.TrimEnd('/');
    }

    public EmailOptions Email { get; }
    public MailboxAddress From { get; }

    /// <summary>The product's public address, without a trailing slash; every link in a mail starts with it.</summary>
    public string PublicBaseUrl { get; }
}
