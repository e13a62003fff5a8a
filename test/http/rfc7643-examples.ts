import enterpriseUser from '../fixtures/rfc7643/enterprise-user.json' with { type: 'json' };

/**
 * RFC 7643 §8.3 (Figure 5), the fully populated enterprise User, verbatim except that the
 * certificate's line breaks are removed: the figure wraps a JSON string across lines, which is
 * not valid JSON. The one copy of it lives in test/fixtures/rfc7643/.
 */
export const enterpriseUserExample = enterpriseUser;
