namespace NeemPlatform.Participant.Partners;

/// <summary>
/// The partner guide: the introduction of the Participant service's API document (shown first on /api-docs and in every
/// client generated from contracts/openapi/participant.json). The figures are the defaults; a region may configure others.
/// </summary>
public static class PartnerGuide
{
    private static readonly CallbackSettings Callbacks = CallbackSettings.From(new ConfigurationBuilder().Build());

    public static string Markdown() => Text(PartnerAuthentication.DefaultRequestsPerSecond, PartnerAuthentication.DefaultBurst, Callbacks);

    private static string Text(int requestsPerSecond, int burst, CallbackSettings callbacks) => $$"""
        The Participant service of a NEEM Platform instance. Partner organisations (municipalities, Arbetsförmedlingen, associations)
        refer people to the programme here and follow their referrals; the programme's staff use the other operations.

        # Partner guide

        ## Your address and your key
        Each regional platform (Stockholm, Västerås, Örebro) runs its own instance: refer a person to the region she lives in, at
        that region's address. The region's administrator registers your organisation and issues your keys. Send the key in the
        header `X-Api-Key` on every request.

        There are two kinds of key:
        - **live**: refers real people, whom the region's advisors then contact;
        - **sandbox**: for building and testing your integration. It accepts only the test identity numbers below and is checked and
          answered exactly like live (validation, idempotency, reads, paging, callbacks), but nobody is registered, nothing reaches an
          advisor or the programme's statistics, and a referral's status moves only when you move it
          (`POST /api/sandbox/referrals/{referralId}/status`). A live key never sees sandbox referrals, nor a sandbox key live ones.

        Sandbox identity numbers (`GET /api/sandbox/identity-numbers`): {{string.Join(", ", SandboxIdentityNumbers.All.Select(n => $"`{n}`"))}}.
        Any other number is refused in the sandbox, so a real person's data never ends up there.

        ## Referring a person
        `POST /api/referrals` with a JSON body (`ReferralRequest`) and a header `Idempotency-Key`: 1–100 printable ASCII characters,
        unique per referral (a UUID is a good choice).
        - The answer is `201` with a receipt (`referralId`, `status`, `receivedAt`, your `caseReference`) and `Location`.
        - **Retries.** After a timeout or a `5xx`, send the same body with the same key: you get the original answer again (`201`,
          header `Idempotent-Replayed: true`), and the person is referred once. The same key with another body is refused (`422`,
          `refused`). Keys are kept for as long as the referral is kept: a retry days later still gets the original answer.
        - `caseReference` is your own case number (1–100 characters), returned in every answer and callback about the referral. It
          is not a name or an identity number (an identity number there is refused). It is cleared when the person's data is erased.
        - Unknown or misspelled members are refused (`400`, `unknown-field`), never silently dropped.
        - A person referred before (by you or another partner) is recognised; your referral is recorded and answered like any other.
        - An identity number is never repeated in an answer, an error or a log.

        ## Limits
        - Rate: {{requestsPerSecond}} requests a second per organisation and kind of key, with bursts up to {{burst}} (unless the region
          configured other limits). Above it you get
          `429` (`rate-limited`) with `Retry-After` in seconds; retry then with the same `Idempotency-Key`.
        - Body: 64 KB (`413`, `payload-too-large`).
        - Lists: `pageSize` 1–200 (default 50).

        ## What a referral's status means
        The status follows **your referral**, never the person's programme status or outcome:
        - `received`: the referral arrived; an advisor has not yet acted on it.
        - `invited`: she was invited to an information workshop.
        - `in-process`: the advisors are working with her (interviewed, on the waiting list, selected or in a network group).
        - `closed`: the referral's course is over (not selected, left the programme, closed by an advisor, or her data was erased).

        A status only moves forward, in that order.

        ## Following your referrals
        - `GET /api/referrals/{referralId}`: one referral (`changedAt` is when its status last changed).
        - `GET /api/referrals?page=&pageSize=`: newest first, with `total` and `next` (the next page's address, absent on the last).
        - `GET /api/referrals?changedSince=<instant>`: only those received or changed at or after it. Poll with the time of your last
          poll, or register a callback instead.

        ## Status callbacks
        Register an https address with `PUT /api/callback` (`{ "url": "https://…" }`); one address per kind of key. The answer holds
        your signing secret (`whsec_…`), shown on registration and rotation only. Each change of one of your referrals' status is
        then POSTed to it as JSON (`ReferralStatusCallback`): `id`, `type` (`referral.status-changed`), `sandbox`, `referralId`,
        `status`, `previousStatus`, `changedAt`, `caseReference`.

        Signed as the [Standard Webhooks](https://www.standardwebhooks.com/) specification describes, so its libraries verify it:
        - `webhook-id`: the delivery's id, the same on every retry of it: remember the ids you processed and ignore a repeat;
        - `webhook-timestamp`: Unix seconds of this attempt: refuse one more than 5 minutes from your clock;
        - `webhook-signature`: `v1,` + base64 of HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}` with the base64-decoded part
          of the secret after `whsec_`. Compare in constant time.

        Answer any `2xx` within {{(int)callbacks.AttemptTimeout.TotalSeconds}} seconds; anything else (a redirect too) is a failure. A failed attempt is retried after
        {{string.Join(", ", callbacks.RetryDelays.Select(Describe))}}: {{callbacks.MaxAttempts}} attempts in all, then the delivery is `failed`.
        Delivery is at least once, and two deliveries about one referral may arrive out of order: keep the later status
        (statuses only move forward). Callbacks go only to public addresses (not loopback, private or link-local networks).
        - `GET /api/callback/deliveries` is your delivery log: each delivery's state (`pending`, `delivered`, `failed`, `cancelled`)
          and every attempt with your receiver's status or the error. The region's administrator reads the same log.
        - `POST /api/callback/deliveries/{deliveryId}/retry` sends a failed delivery again, with a new retry schedule.
        - `POST /api/callback/secret` rotates the secret: for {{(int)callbacks.PreviousSecretGrace.TotalHours}} hours each callback carries two signatures
          (new first, separated by a space); accept either while you switch.
        - `DELETE /api/callback` stops callbacks; deliveries not yet made are cancelled.

        ## Keys: rotation and expiry
        A key is shown once, when it is issued; the platform keeps only its hash. To rotate: ask the administrator for a second key,
        deploy it, then have the first revoked. Both work in between. A revoked key stops working within 5 seconds. A key can be
        issued with an expiry (at most five years ahead); after it, the key gets `401` like an unknown one.

        ## Versioning
        This is version 1 of the API; `contracts/openapi/participant.json` in the platform's repository is the contract, and each
        instance serves it at `/openapi/v1.json`. Within version 1 changes are only additive: new operations, new optional request
        members, new response members, and new problem types. Ignore response members you do not know, and treat an unknown problem
        type by its status. The four referral statuses and the callback's `type` do not change within version 1. A change that
        would break a client comes as a new version beside this one, announced to partners at least six months before version 1
        is retired.

        ## Errors
        Every error is `application/problem+json` (RFC 9457) whatever you accept. Switch on `type`; `title` and `detail` are for
        people; a `400` has `errors` naming each field. Each type has a page on the instance at `/problems/<name>`:

        {{ProblemTypes.MarkdownTable()}}
        """;

    private static string Describe(TimeSpan delay) => delay.TotalSeconds switch
    {
        < 60 => $"{delay.TotalSeconds:0.#} s",
        < 3600 => $"{delay.TotalMinutes:0.#} min",
        _ => $"{delay.TotalHours:0.#} h"
    };
}
