// Mints one token with the official Java AccessToken (volcengine/VolcEngineRTC, Android APIExample
// common/accesstoken), nonce and issue time set: args are appId appKey roomId userId nonce issuedAt
// expireAt, then privilege/expireAt pairs in call order. Privilege 0 goes through AddPrivilege (which
// adds 1-3); others are put into the map directly, which is what AddPrivilege does for them.
// Run by crosscheck.py.
import rtc.volcengine.apiexample.common.accesstoken.*;
public class Harness {
  public static void main(String[] a) {
    AccessToken t = new AccessToken(a[0], a[1], a[2], a[3]);
    t.nonce = (int) Long.parseLong(a[4]);
    t.issuedAt = (int) Long.parseLong(a[5]);
    t.ExpireTime((int) Long.parseLong(a[6]));
    for (int i = 7; i + 1 < a.length; i += 2) {
      int p = Integer.parseInt(a[i]); int e = (int) Long.parseLong(a[i+1]);
      if (p == 0) t.AddPrivilege(AccessToken.Privileges.PrivPublishStream, e);
      else { t.privileges.put((short) p, e); }
    }
    System.out.println(t.Serialize());
  }
}
