import { SignOutForm } from "@/components/auth/sign-out-form";

export const metadata = { title: "Sign out" };

export default function SignOutPage() {
  return (
    <main className="grid min-h-screen place-items-center bg-slate-100 px-4">
      <div className="w-full max-w-sm">
        <SignOutForm />
      </div>
    </main>
  );
}
