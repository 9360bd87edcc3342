using System.Net;
using System.Net.Sockets;
using EventScheduler.Domain.Common;
using Microsoft.Extensions.Options;

namespace EventScheduler.Api.Integration;

/// <summary>SSRF guard for webhook destinations: refuses URLs whose host is, or resolves to, a
/// loopback, private, link-local, shared, multicast or otherwise non-public address. It runs when a
/// subscription is created and again for every connection the delivery client opens (the check and
/// the connect use the same resolved address, so DNS rebinding cannot slip past it).</summary>
public sealed class DestinationGuard(IOptionsMonitor<WebhookOptions> options)
{
    public const string ForbiddenCode = "webhook_destination_forbidden";
    public const string UnresolvableCode = "webhook_destination_unresolvable";
    public const string InvalidUrlCode = "webhook_url_invalid";

    private bool AllowPrivate => options.CurrentValue.AllowPrivateDestinations;

    /// <summary>Validates a subscription URL; throws a 400 rule violation naming <c>url</c>.</summary>
    public async Task<Uri> CheckUrlAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw RuleViolation.Invalid(InvalidUrlCode, "'url' must be an absolute http or https URL without credentials or fragment.", "url");
        }

        if (AllowPrivate)
        {
            return uri;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, ct);
        }
        catch (SocketException)
        {
            throw RuleViolation.Invalid(UnresolvableCode, $"The host '{uri.Host}' does not resolve.", "url");
        }

        if (addresses.Length == 0)
        {
            throw RuleViolation.Invalid(UnresolvableCode, $"The host '{uri.Host}' does not resolve.", "url");
        }

        if (addresses.FirstOrDefault(a => !IsPublic(a)) is { } blocked)
        {
            throw RuleViolation.Invalid(ForbiddenCode,
                $"The destination resolves to {blocked}, a loopback, private or otherwise non-public address; webhooks are only sent to public addresses.", "url");
        }

        return uri;
    }

    /// <summary>SocketsHttpHandler.ConnectCallback: resolves, refuses non-public addresses, connects.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, ct);
        if (!AllowPrivate)
        {
            addresses = addresses.Where(IsPublic).ToArray();
            if (addresses.Length == 0)
            {
                throw new HttpRequestException($"Refused: {context.DnsEndPoint.Host} does not resolve to a public address.");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);

    /// <summary>True for globally routable unicast addresses only.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0                                   // "this" network
                     || b[0] == 10                               // private
                     || (b[0] == 100 && b[1] >= 64 && b[1] < 128) // shared / CGNAT
                     || b[0] == 127                              // loopback
                     || (b[0] == 169 && b[1] == 254)             // link-local, cloud metadata
                     || (b[0] == 172 && b[1] >= 16 && b[1] < 32) // private
                     || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, TEST-NET-1
                     || (b[0] == 192 && b[1] == 168)             // private
                     || (b[0] == 198 && b[1] is 18 or 19)        // benchmarking
                     || (b[0] == 198 && b[1] == 51 && b[2] == 100) // TEST-NET-2
                     || (b[0] == 203 && b[1] == 0 && b[2] == 113)  // TEST-NET-3
                     || b[0] >= 224);                            // multicast, reserved, broadcast
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
        {
            return false;
        }

        var v6 = address.GetAddressBytes();
        // NAT64 (64:ff9b::/96) and IPv4-compatible (::/96) embed an IPv4 address: judge that one.
        if ((v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b && v6.Skip(4).Take(8).All(x => x == 0))
            || v6.Take(12).All(x => x == 0))
        {
            return IsPublic(new IPAddress(v6[12..]));
        }

        // Local-use NAT64 (64:ff9b:1::/48) and 6to4 (2002::/16) carry an IPv4 address too: judge it.
        if (v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b && v6[4] == 0 && v6[5] == 1)
        {
            return IsPublic(new IPAddress(v6[12..]));
        }

        if (v6[0] == 0x20 && v6[1] == 0x02)
        {
            return IsPublic(new IPAddress(v6[2..6]));
        }

        // Teredo 2001::/32 (tunnels to arbitrary IPv4), documentation 2001:db8::/32, discard-only 100::/64.
        return !((v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0 && v6[3] == 0)
                 || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8)
                 || (v6[0] == 0x01 && v6[1] == 0 && v6.Skip(2).Take(6).All(x => x == 0)));
    }
}
