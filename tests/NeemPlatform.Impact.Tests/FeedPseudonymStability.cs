using System.Security.Cryptography;
using System.Text;
using NeemPlatform.Impact.Feed;

namespace NeemPlatform.Impact.Tests;

/// <summary>
/// A consumer of the feed (the national view, a researcher) keeps what it read under the pseudonyms it was given: a faster way
/// of computing them must give the same ones, page after page and release after release.
/// </summary>
public class a_feed_consumers_pseudonyms
{
    [Fact]
    public void are_the_keyed_hash_of_consumer_kind_and_id_however_often_a_page_asks()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var ids = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();
        using var pseudonyms = new FeedPseudonyms(secret, "national");

        foreach (var kind in new[] { "participant", "fact", "network-group" })
        {
            foreach (var id in ids.Concat(ids)) // the second time from the page's own memory
            {
                var expected = new Guid(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"national\n{kind}\n{id:N}")).AsSpan(0, 16));
                Assert.Equal(expected, pseudonyms.Of(kind, id));
            }
        }

        using var researcher = new FeedPseudonyms(secret, "research");
        Assert.NotEqual(pseudonyms.Of("participant", ids[0]), researcher.Of("participant", ids[0]));
        Assert.NotEqual(pseudonyms.Of("participant", ids[0]), pseudonyms.Of("loan", ids[0]));
    }
}
