package dev.kcemporix.auth.api.answer;

/**
 * The error shape of a refused access token, as Emporix's API gateway answers and clients parse it.
 */
@Described("A refused access token, in the shape of Emporix's API gateway.")
public record GatewayFault(Fault fault) {

    @Described("The refusal.")
    public record Fault(
            @Described("`Invalid access token`, or `Access Token expired`.") String faultstring,
            Detail detail) {}

    @Described("The code a client branches on.")
    public record Detail(
            @Described(
                            "`oauth.v2.InvalidAccessToken`, or"
                                    + " `keymanagement.service.access_token_expired`.")
                    String errorcode) {}
}
