// For crates/cli/tests/userland.rs: compiled on the host, run by Debian's arm64 JVM under
// crossrun. HotSpot compiles the hot methods (C1, then C2) into arm64 code at run time,
// and turns the null dereferences below into SIGSEGVs it handles itself (implicit null
// checks), so both the guest JIT and signal delivery are exercised.
public class Main {
    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    public static void main(String[] args) {
        long s = 0;
        for (int i = 0; i < 3000000; i++) s = (s * 31 + i) % 1000003;
        int[] arr = new int[200000];
        for (int i = 0; i < arr.length; i++) arr[i] = (int) ((i * 7919L) % 100003);
        java.util.Arrays.sort(arr);
        String nothing = args.length > 100 ? "x" : null;
        int caught = 0;
        for (int i = 0; i < 20000; i++) {
            try {
                caught += nothing.length();
            } catch (NullPointerException e) {
                caught++;
            }
        }
        System.out.println("result " + System.getProperty("os.arch") + " " + fib(27) + " " + s + " " + arr[0] + " "
                + arr[arr.length - 1] + " " + caught);
    }
}
