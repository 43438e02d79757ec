using System.Net.NetworkInformation;

namespace NeemPlatform.Participant.Partners.Callbacks;

/// <summary>
/// Which addresses a callback may be sent to: a globally reachable unicast address that is not this machine's. Every
/// block of IANA's IPv4 and IPv6 special-purpose address registries is refused (loopback, private, shared, link-local,
/// documentation, benchmarking, AS112, AMT, ORCHID, discard, multicast, reserved), IPv6 outside global unicast
/// (2000::/3) is refused, and an IPv4 address carried inside an IPv6 one (IPv4-mapped, NAT64 64:ff9b::/96, 6to4) is
/// judged as that IPv4 address.
/// </summary>
public static class CallbackAddresses
{
    private static readonly (IPAddress Network, int Bits)[] SpecialIPv4 =
    [
        Block("0.0.0.0/8"), Block("10.0.0.0/8"), Block("100.64.0.0/10"), Block("127.0.0.0/8"), Block("169.254.0.0/16"),
        Block("172.16.0.0/12"), Block("192.0.0.0/24"), Block("192.0.2.0/24"), Block("192.31.196.0/24"), Block("192.52.193.0/24"),
        Block("192.88.99.0/24"), Block("192.168.0.0/16"), Block("192.175.48.0/24"), Block("198.18.0.0/15"), Block("198.51.100.0/24"),
        Block("203.0.113.0/24"), Block("224.0.0.0/4"), Block("240.0.0.0/4")
    ];

    private static readonly (IPAddress Network, int Bits)[] SpecialIPv6 =
    [
        Block("64:ff9b:1::/48"), Block("100::/64"), Block("100:0:0:1::/64"), Block("2001::/23"), Block("2001:db8::/32"),
        Block("2620:4f:8000::/48"), Block("3fff::/20"), Block("5f00::/16"), Block("fc00::/7"), Block("fe80::/10"), Block("fec0::/10"),
        Block("ff00::/8")
    ];

    private static readonly (IPAddress Network, int Bits) GlobalUnicast = Block("2000::/3");
    private static readonly (IPAddress Network, int Bits) Nat64 = Block("64:ff9b::/96");
    private static readonly (IPAddress Network, int Bits) SixToFour = Block("2002::/16");

    /// <summary>Whether a callback may connect to <paramref name="address"/> on this machine.</summary>
    public static bool IsPublic(IPAddress address) => IsPublic(address, OwnAddresses());

    /// <summary>The rule itself, with the machine's own addresses given.</summary>
    public static bool IsPublic(IPAddress address, IReadOnlySet<IPAddress> own)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            address = new IPAddress(address.GetAddressBytes()); // without a scope id, so it compares by its bits
            if (Embedded(address) is { } inner)
            {
                return IsPublic(inner, own);
            }

            return In(address, GlobalUnicast) && !SpecialIPv6.Any(block => In(address, block)) && !own.Contains(address);
        }

        return address.AddressFamily == AddressFamily.InterNetwork && !SpecialIPv4.Any(block => In(address, block))
                                                                   && !address.Equals(IPAddress.Broadcast) && !own.Contains(address);
    }

    /// <summary>The IPv4 address an IPv6 address stands for: IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) or 6to4 (2002:AABB:CCDD::).</summary>
    public static IPAddress? Embedded(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.IsIPv4MappedToIPv6 || In(address, Nat64))
        {
            return new IPAddress(bytes[12..16]);
        }

        return In(address, SixToFour) ? new IPAddress(bytes[2..6]) : null;
    }

    /// <summary>Whether <paramref name="host"/> names this machine: "localhost" (and its subdomains), its host name, its full name.</summary>
    public static bool IsOwnName(string host)
    {
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
               || OwnDomainNames().Contains(name);
    }

    private static (HashSet<string> Names, DateTime ReadAt) _ownNames = ([], DateTime.MinValue);

    /// <summary>The machine's own names (read again each minute, like its addresses: no DNS lookup per registration).</summary>
    private static HashSet<string> OwnDomainNames()
    {
        var cached = _ownNames;
        if (DateTime.UtcNow - cached.ReadAt < TimeSpan.FromMinutes(1))
        {
            return cached.Names;
        }

        var names = ReadOwnNames();
        _ownNames = (names, DateTime.UtcNow);
        return names;
    }

    private static HashSet<string> ReadOwnNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Dns.GetHostName() };
        try
        {
            names.Add(Dns.GetHostEntry(Dns.GetHostName()).HostName);
        }
        catch (SocketException)
        {
            // The machine's name does not resolve: its bare name is all there is to compare.
        }

        var domain = IPGlobalProperties.GetIPGlobalProperties().DomainName;
        if (domain.Length > 0)
        {
            names.Add(Dns.GetHostName() + "." + domain);
        }

        return names;
    }

    private static (HashSet<IPAddress> Addresses, DateTime ReadAt) _own = ([], DateTime.MinValue);

    /// <summary>Every address of this machine's interfaces (read again each minute: interfaces come and go).</summary>
    public static IReadOnlySet<IPAddress> OwnAddresses()
    {
        var own = _own;
        if (DateTime.UtcNow - own.ReadAt < TimeSpan.FromMinutes(1))
        {
            return own.Addresses;
        }

        var addresses = new HashSet<IPAddress>();
        try
        {
            foreach (var unicast in NetworkInterface.GetAllNetworkInterfaces().SelectMany(n => n.GetIPProperties().UnicastAddresses))
            {
                var address = unicast.Address;
                addresses.Add(address.AddressFamily == AddressFamily.InterNetworkV6 ? new IPAddress(address.GetAddressBytes()) : address);
            }
        }
        catch (NetworkInformationException)
        {
            // Without the interface list the special-purpose ranges still hold.
        }

        _own = (addresses, DateTime.UtcNow);
        return addresses;
    }

    private static (IPAddress Network, int Bits) Block(string cidr)
    {
        var slash = cidr.IndexOf('/');
        return (IPAddress.Parse(cidr[..slash]), int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static bool In(IPAddress address, (IPAddress Network, int Bits) block)
    {
        if (address.AddressFamily != block.Network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = block.Network.GetAddressBytes();
        var whole = block.Bits / 8;
        if (!a.AsSpan(0, whole).SequenceEqual(n.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = block.Bits % 8;
        return rest == 0 || (a[whole] >> (8 - rest)) == (n[whole] >> (8 - rest));
    }
}
